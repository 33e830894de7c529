import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, SseClient, type TestApp, type TestOrg } from '@tessera/testkit';
import type { AgentStep } from '../../contracts/index.ts';
import { one } from '../db/sql-rows.ts';
import { createTradingModule } from '../index.ts';
import { createSession, runSession, OFFLINE_MODEL } from './agent-runner.ts';

// Two server processes on one database: `runner` has the gateway and runs sessions, `viewer`
// serves only the stream, so everything it sends reached it through the cross-instance bus.
let runner: TestApp;
let viewer: TestApp;
let org: TestOrg;
let auth: { authorization: string };
let runnerUrl: string;
let viewerUrl: string;
let userId: string;
const clients: SseClient[] = [];

async function listen(t: TestApp): Promise<string> {
  return (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
}
async function connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const c = await SseClient.connect(url, { ...auth, ...headers });
  clients.push(c);
  return c;
}
const stepsOf = (c: SseClient) => c.events.filter((e) => e.event === 'step').map((e) => JSON.parse(e.data) as AgentStep);

beforeAll(async () => {
  runner = await createTestApp({ moduleNames: ['gateway', 'trading'] });
  // A long heartbeat on the viewer: its periodic catch-up cannot be what delivers the steps, the bus must.
  viewer = await createTestApp({ modules: [createTradingModule({ stream: { heartbeatMs: 60_000 } })], testDb: runner.testDb });
  org = await runner.createOrg();
  auth = { authorization: `Bearer ${org.ownerKey}` };
  runnerUrl = await listen(runner);
  viewerUrl = await listen(viewer);
  const started = await fetch(`${runnerUrl}/api/trading/agents/sessions`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ question: 'warm-up', model: OFFLINE_MODEL }),
  });
  const id = ((await started.json()) as { id: string }).id;
  userId = (await one<{ user_id: string }>(runner.platform.database.db, sql`select user_id from trading.agent_sessions where id = ${id}`))!.user_id;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await viewer?.close();
  await runner?.close();
});

describe('agent session event stream', () => {
  it('delivers each step live, with tokens, cost and its number as the event id, to a client of another server instance', async () => {
    const start = { question: 'How is my ETH doing?', portfolioId: null, credentialId: null, model: OFFLINE_MODEL };
    const s = await createSession(runner.platform, org.orgId, userId, start);
    const c = await connect(`${viewerUrl}/api/trading/agents/sessions/${s.id}/events`);
    expect(c.response.status).toBe(200);
    expect(c.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(c.response.headers.get('cache-control')).toMatch(/no-cache/);
    await c.waitFor((e) => e.event === 'ready');
    expect(stepsOf(c)).toEqual([]);

    const actor = { type: 'api-key' as const, id: userId };
    await runSession(runner.platform, org.orgId, userId, actor, s.id, start, s.model, null);
    const done = await c.waitFor((e) => e.event === 'done');
    await c.untilEnd();
    const steps = stepsOf(c);
    expect(steps.map((x) => x.tool ?? x.kind)).toEqual(['plan', 'get_portfolio', 'get_prices', 'compute_pnl', 'propose_order', 'answer']);
    expect(c.events.filter((e) => e.event === 'step').map((e) => e.id)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(steps.slice(1).every((x) => x.tokens > 0 && x.model === OFFLINE_MODEL)).toBe(true);
    const body = JSON.parse(done.data) as { status: string; totalTokens: number };
    expect(body.status).toBe('completed');
    expect(body.totalTokens).toBe(steps.reduce((n, x) => n + x.tokens, 0));
  });

  it('sends heartbeat comments while a session is quiet', async () => {
    const s = await createSession(runner.platform, org.orgId, userId, { question: 'idle', portfolioId: null, credentialId: null, model: OFFLINE_MODEL });
    const quick = await createTestApp({ modules: [createTradingModule({ stream: { heartbeatMs: 100 } })], testDb: runner.testDb });
    try {
      const c = await connect(`${await listen(quick)}/api/trading/agents/sessions/${s.id}/events`);
      await c.waitFor((e) => e.comment, 2000);
      expect(c.ended).toBe(false);
      c.close();
    } finally {
      await quick.close();
    }
  });

  it('resumes after Last-Event-ID with only the steps the client missed', async () => {
    const res = await fetch(`${runnerUrl}/api/trading/agents/sessions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'BTC?', model: OFFLINE_MODEL, wait: false }),
    });
    expect(res.status).toBe(202);
    const id = ((await res.json()) as { id: string }).id;
    const full = await connect(`${runnerUrl}/api/trading/agents/sessions/${id}/events`);
    await full.untilEnd();
    expect(stepsOf(full).map((x) => x.n)).toEqual([0, 1, 2, 3, 4, 5]);

    const resumed = await connect(`${viewerUrl}/api/trading/agents/sessions/${id}/events`, { 'last-event-id': '3' });
    await resumed.untilEnd();
    expect(stepsOf(resumed).map((x) => x.n)).toEqual([4, 5]);
    expect(resumed.events.at(-1)?.event).toBe('done');
  });

  it('answers 401 without credentials and 404 for a session of another organization', async () => {
    const s = await createSession(runner.platform, org.orgId, userId, { question: 'mine', portfolioId: null, credentialId: null, model: OFFLINE_MODEL });
    expect((await fetch(`${viewerUrl}/api/trading/agents/sessions/${s.id}/events`)).status).toBe(401);
    const other = await viewer.createOrg();
    const foreign = await fetch(`${viewerUrl}/api/trading/agents/sessions/${s.id}/events`, { headers: { authorization: `Bearer ${other.ownerKey}` } });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('RESOURCE_NOT_FOUND');
    const wrongOrg = await fetch(`${viewerUrl}/api/trading/agents/sessions/${s.id}/events?org=${other.slug}`, { headers: auth });
    expect(wrongOrg.status).toBe(403);
  });
});
