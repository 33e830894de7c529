import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import type { AgentStep } from '../../contracts/index.ts';
import { one, rows } from '../db/sql-rows.ts';

interface SessionRow {
  id: string;
  question: string;
  model: string;
  status: string;
  answer: string | null;
  error_code: string | null;
  total_tokens: number;
  cost_micros: string | number;
  created_at: string;
}
interface StepRow {
  n: number;
  kind: string;
  tool: string | null;
  input: unknown;
  output: unknown;
  tokens: number;
  cost_micros: string | number;
  model: string | null;
}

export interface SessionHead {
  id: string;
  question: string;
  model: string;
  status: string;
  answer: string | null;
  errorCode: string | null;
  totalTokens: number;
  costMicros: number;
  createdAt: string;
}

const stepView = (s: StepRow): AgentStep => ({
  n: s.n,
  kind: s.kind,
  tool: s.tool,
  input: s.input,
  output: s.output,
  tokens: s.tokens,
  costMicros: Number(s.cost_micros),
  model: s.model,
});

/** The session without its steps, scoped to its organization and owner (another's id reads as absent). */
export async function sessionHead(db: Db, orgId: string, userId: string, id: string): Promise<SessionHead | null> {
  const s = await one<SessionRow>(
    db,
    sql`select id, question, model, status, answer, error_code, total_tokens, cost_micros, created_at::text
        from trading.agent_sessions where org_id = ${orgId} and user_id = ${userId} and id = ${id}`,
  );
  if (!s) return null;
  return {
    id: s.id,
    question: s.question,
    model: s.model,
    status: s.status,
    answer: s.answer,
    errorCode: s.error_code,
    totalTokens: s.total_tokens,
    costMicros: Number(s.cost_micros),
    createdAt: new Date(s.created_at).toISOString(),
  };
}

/** Steps numbered above `after` (-1 for all), oldest first. */
export async function stepsAfter(db: Db, orgId: string, sessionId: string, after: number, limit = 500): Promise<AgentStep[]> {
  const list = await rows<StepRow>(
    db,
    sql`select n, kind, tool, input, output, tokens, cost_micros, model from trading.agent_steps
        where org_id = ${orgId} and session_id = ${sessionId} and n > ${after} order by n limit ${limit}`,
  );
  return list.map(stepView);
}

export async function loadSession(db: Db, orgId: string, userId: string, id: string) {
  const head = await sessionHead(db, orgId, userId, id);
  if (!head) return null;
  return { ...head, steps: await stepsAfter(db, orgId, id, -1, 10_000) };
}

export async function listSessions(db: Db, orgId: string, userId: string): Promise<Omit<SessionHead, 'answer' | 'errorCode' | 'totalTokens' | 'costMicros'>[]> {
  const list = await rows<SessionRow>(
    db,
    sql`select id, question, model, status, created_at::text from trading.agent_sessions
        where org_id = ${orgId} and user_id = ${userId} order by created_at desc limit 50`,
  );
  return list.map((s) => ({ id: s.id, question: s.question, model: s.model, status: s.status, createdAt: new Date(s.created_at).toISOString() }));
}
