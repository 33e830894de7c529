import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import type { AgentSession } from '../../contracts/index.ts';
import { one } from '../db/sql-rows.ts';
import { createSession, OFFLINE_MODEL, runSession } from './agent-runner.ts';

// An OpenAI-compatible upstream whose model `m-slow` never answers (the request stays open until
// the test ends) and whose `m-backup` answers at once: a model call that hangs, without sleeping.
const KEY = 'sk-slow-upstream-4d2e';
const TIMEOUT_MS = 150;
let upstream: Server;
let baseUrl: string;
let t: TestApp;
let org: TestOrg;
let auth: { authorization: string };
let userId: string;
const calls: string[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url?.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ object: 'list', data: [{ id: 'm-slow', object: 'model' }] }));
      }
      const model = (JSON.parse(body) as { model: string }).model;
      calls.push(model);
      if (model === 'm-slow') return; // hangs: no answer until the gateway gives up
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'c-1',
          object: 'chat.completion',
          created: 1,
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: `answer from ${model}` }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
        }),
      );
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  t = await createTestApp({ moduleNames: ['gateway', 'trading'] });
  org = await t.createOrg();
  auth = { authorization: `Bearer ${org.ownerKey}` };
});
afterAll(async () => {
  await t?.close();
  upstream?.closeAllConnections();
  upstream?.close();
});

async function saveCredential(label: string, fallbackModel?: string): Promise<string> {
  const saved = await t.app.inject({
    method: 'POST',
    url: '/api/trading/credentials',
    headers: auth,
    // A key of its own per credential: the gateway keeps one circuit breaker per key and base URL.
    payload: {
      provider: 'openai-compatible',
      label,
      apiKey: `${KEY}-${label.replace(/\W/g, '')}`,
      baseUrl,
      defaultModel: 'm-slow',
      ...(fallbackModel ? { fallbackModel } : {}),
    },
  });
  expect(saved.statusCode, saved.body).toBe(201);
  const id = saved.json<{ id: string }>().id;
  userId = (await one<{ user_id: string }>(t.platform.database.db, sql`select user_id from trading.credentials where id = ${id}`))!.user_id;
  return id;
}

/** Runs a session on the credential with a short model timeout, then reads it back through the API. */
async function runWithTimeout(credentialId: string): Promise<{ session: AgentSession; ms: number }> {
  const start = { question: 'How is my portfolio?', portfolioId: null, credentialId, model: null };
  const s = await createSession(t.platform, org.orgId, userId, start);
  const began = performance.now();
  await runSession(t.platform, org.orgId, userId, { type: 'api-key', id: null }, s.id, start, s.model, s.credential, { modelTimeoutMs: TIMEOUT_MS });
  const ms = performance.now() - began;
  const res = await t.app.inject({ method: 'GET', url: `/api/trading/agents/sessions/${s.id}`, headers: auth });
  expect(res.statusCode, res.body).toBe(200);
  return { session: res.json<AgentSession>(), ms };
}

describe('agent model calls that time out or have no budget', () => {
  it('a model call that hangs ends the session as failed with TRADING_MODEL_TIMEOUT, within the configured timeout', async () => {
    const credentialId = await saveCredential('slow, no fallback');
    calls.length = 0;
    const { session, ms } = await runWithTimeout(credentialId);
    expect(session).toMatchObject({ status: 'failed', errorCode: 'TRADING_MODEL_TIMEOUT', answer: null });
    expect(session.steps.at(-1)).toMatchObject({ kind: 'error', output: { code: 'TRADING_MODEL_TIMEOUT' } });
    expect(calls).toEqual(['m-slow']);
    // One deadline for the call, far below the 30 s default (and the gateway's own 120 s for such a target).
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(ms).toBeLessThan(TIMEOUT_MS + 1_500);
    expect(JSON.stringify(session)).not.toContain(KEY);
  });

  it('a model call that hangs is answered by the configured fallback model instead', async () => {
    const credentialId = await saveCredential('slow, with fallback', 'm-backup');
    calls.length = 0;
    const { session } = await runWithTimeout(credentialId);
    expect(session).toMatchObject({ status: 'completed', answer: 'answer from m-backup', errorCode: null });
    expect(calls.at(-1)).toBe('m-backup');
    expect(calls.filter((m) => m !== 'm-slow')).toEqual(['m-backup']);
  });

  it("the user's gateway budget applies: an empty key wallet fails the session with GATEWAY_BUDGET_EXHAUSTED, a top-up lets it run", async () => {
    const key = await t.createKey(org.orgId, 'member', ['trading:read', 'trading:write']);
    const keyRow = await one<{ id: string }>(
      t.platform.database.db,
      sql`select id from core.api_keys where org_id = ${org.orgId} order by created_at desc limit 1`,
    );
    const wallet = await t.app.inject({ method: 'POST', url: '/api/gateway/wallets', headers: auth, payload: { scopeType: 'key', scopeId: keyRow!.id } });
    expect(wallet.statusCode, wallet.body).toBe(201);
    const walletId = wallet.json<{ id: string }>().id;
    const ask = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/trading/agents/sessions',
        headers: { authorization: `Bearer ${key}` },
        payload: { question: 'How is my BTC?', model: OFFLINE_MODEL },
      });
    const broke = await ask();
    expect(broke.statusCode, broke.body).toBe(201);
    expect(broke.json<AgentSession>()).toMatchObject({ status: 'failed', errorCode: 'GATEWAY_BUDGET_EXHAUSTED', answer: null });
    expect(broke.json<AgentSession>().steps.at(-1)).toMatchObject({ kind: 'error', output: { code: 'GATEWAY_BUDGET_EXHAUSTED' } });
    // Nothing was charged to the empty wallet (read through the gateway's API, not its tables).
    const after = await t.app.inject({ method: 'GET', url: `/api/gateway/wallets/${walletId}`, headers: auth });
    expect(after.json<{ balance_micros: string; ledger: { kind: string }[] }>()).toMatchObject({ balance_micros: '0' });
    expect(after.json<{ ledger: { kind: string }[] }>().ledger.filter((l) => l.kind === 'charge')).toEqual([]);

    const top = await t.app.inject({
      method: 'POST',
      url: `/api/gateway/wallets/${walletId}/top-ups`,
      headers: auth,
      payload: { amountMicros: 50_000_000 },
    });
    expect(top.statusCode, top.body).toBe(201);
    const funded = await ask();
    expect(funded.json<AgentSession>()).toMatchObject({ status: 'completed', errorCode: null });
  });
});
