import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { actorOf, coreErrors, type App, type Db, type Platform } from '@tessera/core';
import { AgentSessionSchema } from '../../contracts/index.ts';
import { one, rows } from '../db/sql-rows.ts';
import { findPortfolio } from '../portfolio/portfolio-repository.ts';
import { subjectOf } from '../request-context.ts';
import { createSession, runSession } from './agent-runner.ts';

const read = { role: 'viewer', scope: 'trading:read' } as const;
const write = { role: 'member', scope: 'trading:write' } as const;
const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

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

const stepView = (s: StepRow) => ({
  n: s.n,
  kind: s.kind,
  tool: s.tool,
  input: s.input,
  output: s.output,
  tokens: s.tokens,
  costMicros: Number(s.cost_micros),
  model: s.model,
});

async function loadSession(db: Db, orgId: string, userId: string, id: string) {
  const s = await one<SessionRow>(
    db,
    sql`select id, question, model, status, answer, error_code, total_tokens, cost_micros, created_at::text from trading.agent_sessions where org_id = ${orgId} and user_id = ${userId} and id = ${id}`,
  );
  if (!s) return null;
  const steps = await rows<StepRow>(
    db,
    sql`select n, kind, tool, input, output, tokens, cost_micros, model from trading.agent_steps where session_id = ${id} order by n`,
  );
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
    steps: steps.map(stepView),
  };
}

export function registerAgentRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;

  app.post(
    '/api/trading/agents/sessions',
    {
      config: { access: write },
      schema: {
        body: Type.Object(
          {
            question: Type.String({ minLength: 1, maxLength: 2000 }),
            portfolioId: Type.Optional(Type.String({ format: 'uuid' })),
            credentialId: Type.Optional(Type.String({ format: 'uuid' })),
            model: Type.Optional(Type.String({ minLength: 1, maxLength: 120, pattern: '^[A-Za-z0-9._:/@-]+$' })),
            wait: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: AgentSessionSchema, 202: Type.Object({ id: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const b = request.body;
      if (b.portfolioId && !(await findPortfolio(db, orgId, userId, b.portfolioId))) throw coreErrors.RESOURCE_NOT_FOUND();
      const start = { question: b.question, portfolioId: b.portfolioId ?? null, credentialId: b.credentialId ?? null, model: b.model ?? null };
      const s = await createSession(platform, orgId, userId, start);
      const run = runSession(platform, orgId, userId, actorOf(request), s.id, start, s.model, s.credential);
      if (b.wait === false) {
        run.catch((err: unknown) => request.log.error({ err: err instanceof Error ? err.message : 'unknown', sessionId: s.id }, 'agent session crashed'));
        return reply.status(202).send({ id: s.id });
      }
      await run;
      return reply.status(201).send((await loadSession(db, orgId, userId, s.id))!);
    },
  );

  app.get(
    '/api/trading/agents/sessions',
    {
      config: { access: read },
      schema: {
        response: {
          200: Type.Object({
            sessions: Type.Array(
              Type.Object({ id: Type.String(), question: Type.String(), model: Type.String(), status: Type.String(), createdAt: Type.String() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      const list = await rows<SessionRow>(
        db,
        sql`select id, question, model, status, created_at::text from trading.agent_sessions where org_id = ${orgId} and user_id = ${userId} order by created_at desc limit 50`,
      );
      return {
        sessions: list.map((s) => ({ id: s.id, question: s.question, model: s.model, status: s.status, createdAt: new Date(s.created_at).toISOString() })),
      };
    },
  );

  app.get(
    '/api/trading/agents/sessions/:id',
    { config: { access: read }, schema: { params: IdParam, response: { 200: AgentSessionSchema } } },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      const s = await loadSession(db, orgId, userId, request.params.id);
      if (!s) throw coreErrors.RESOURCE_NOT_FOUND();
      return s;
    },
  );

  // Server-sent events: each stored step once, then `done`. Reads the database, so it works on any instance.
  app.get(
    '/api/trading/agents/sessions/:id/events',
    { config: { access: read }, schema: { params: IdParam, response: { 200: Type.String() } } },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const first = await loadSession(db, orgId, userId, request.params.id);
      if (!first) throw coreErrors.RESOURCE_NOT_FOUND();
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': request.id });
      let sent = 0;
      const deadline = Date.now() + 120_000;
      let closed = false;
      request.raw.on('close', () => (closed = true));
      for (;;) {
        const s = await loadSession(db, orgId, userId, request.params.id);
        if (!s) break;
        for (const step of s.steps.slice(sent)) res.write(`event: step\ndata: ${JSON.stringify(step)}\n\n`);
        sent = s.steps.length;
        if (s.status !== 'running' || closed || Date.now() > deadline) {
          res.write(
            `event: done\ndata: ${JSON.stringify({ status: s.status, answer: s.answer, errorCode: s.errorCode, totalTokens: s.totalTokens, costMicros: s.costMicros })}\n\n`,
          );
          break;
        }
        await sleep(200);
      }
      res.end();
    },
  );
}
