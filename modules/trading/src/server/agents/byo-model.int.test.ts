import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import type { AgentSession } from '../../contracts/index.ts';
import { rows } from '../db/sql-rows.ts';

// A real OpenAI-compatible upstream: it records who called it with which model and key, and fails
// the main model on demand, so the test sees the user's own key used and the fallback taken.
const KEY = 'sk-user-own-key-9f3c';
let mode: 'ok' | 'down' | 'limited' | 'rogue-tool' = 'ok';
const calls: { model: string; auth: string }[] = [];
let upstream: Server;
let baseUrl: string;
let t: TestApp;
let org: TestOrg;
let auth: { authorization: string };
let credentialId: string;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const authz = req.headers.authorization ?? '';
      const json = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (authz !== `Bearer ${KEY}`) return json(401, { error: { message: 'bad key' } });
      if (req.url?.endsWith('/models')) return json(200, { object: 'list', data: [{ id: 'm-main', object: 'model' }] });
      const request = JSON.parse(body) as { model: string; messages: { role: string; content: string | null }[] };
      const model = request.model;
      calls.push({ model, auth: authz });
      // A model that asks for a tool the session does not list, then answers after seeing the refusal.
      if (mode === 'rogue-tool' && !request.messages.some((m) => m.role === 'tool'))
        return json(200, {
          id: 'c-rogue',
          object: 'chat.completion',
          created: 1,
          model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: null,
                tool_calls: [{ id: 'call-1', type: 'function', function: { name: 'place_order', arguments: '{"asset":"BTC","quantity":"100"}' } }],
              },
              finish_reason: 'tool_calls',
            },
          ],
          usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
        });
      if (model === 'm-main' && mode === 'down') return json(503, { error: { message: 'overloaded' } });
      if (mode === 'limited') return json(429, { error: { message: 'slow down' } });
      json(200, {
        id: `c-${calls.length}`,
        object: 'chat.completion',
        created: 1,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: `answer from ${model}` }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 11, completion_tokens: 5, total_tokens: 16 },
      });
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  t = await createTestApp({ moduleNames: ['gateway', 'trading'] });
  org = await t.createOrg();
  auth = { authorization: `Bearer ${org.ownerKey}` };
  const saved = await t.app.inject({
    method: 'POST',
    url: '/api/trading/credentials',
    headers: auth,
    payload: { provider: 'openai-compatible', label: 'mine', apiKey: KEY, baseUrl, defaultModel: 'm-main', fallbackModel: 'm-backup' },
  });
  expect(saved.statusCode, saved.body).toBe(201);
  credentialId = saved.json<{ id: string }>().id;
});
afterAll(async () => {
  await t?.close();
  upstream?.close();
});

const ask = async () =>
  (
    await t.app.inject({ method: 'POST', url: '/api/trading/agents/sessions', headers: auth, payload: { question: 'How is my portfolio?' } })
  ).json<AgentSession>();

describe("agent sessions on the user's own model key", () => {
  it("call the user's default model with the user's key through the gateway, and audit every use without the key", async () => {
    mode = 'ok';
    calls.length = 0;
    const s = await ask();
    expect(s).toMatchObject({ status: 'completed', answer: 'answer from m-main', model: 'm-main' });
    expect(calls).toEqual([{ model: 'm-main', auth: `Bearer ${KEY}` }]);
    expect(s.steps.at(-1)).toMatchObject({ kind: 'answer', tokens: 16 });
    const uses = await rows<{ data: unknown }>(
      t.platform.database.db,
      sql`select data from core.audit_log where org_id = ${org.orgId} and action = 'trading.credential.use' and target_id = ${credentialId}`,
    );
    expect(uses).toHaveLength(1);
    expect(JSON.stringify(uses)).not.toContain(KEY);
  });

  it('fall back to the configured fallback model when the main one is unavailable', async () => {
    mode = 'down';
    calls.length = 0;
    const s = await ask();
    expect(s).toMatchObject({ status: 'completed', answer: 'answer from m-backup' });
    // The gateway may retry the main model once before falling back; the backup answers last.
    const models = calls.map((c) => c.model);
    expect(models[0]).toBe('m-main');
    expect(models.slice(models.indexOf('m-backup'))).toEqual(['m-backup']);
  });

  it('end with a clear rate-limit code when every model is rate-limited', async () => {
    mode = 'limited';
    const s = await ask();
    expect(s.status).toBe('failed');
    expect(s.errorCode).toMatch(/RATE_LIMIT/);
    expect(JSON.stringify(s)).not.toContain(KEY);
  });

  it('runs only the listed tools: a model asking for place_order gets a refusal, nothing is ordered, and the session still answers', async () => {
    mode = 'rogue-tool';
    const s = await ask();
    expect(s.status).toBe('completed');
    const refused = s.steps.find((x) => x.tool === 'place_order');
    expect(refused).toMatchObject({ kind: 'tool_call', output: { code: 'TRADING_AGENT_TOOL_REFUSED' } });
    const orders = await rows<{ n: number }>(t.platform.database.db, sql`select count(*)::int as n from trading.orders where org_id = ${org.orgId}`);
    expect(orders[0]!.n).toBe(0);
  });

  it('uses the default credential and model the user chose: a second key made default with another model takes over', async () => {
    mode = 'ok';
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/trading/credentials',
      headers: auth,
      payload: { provider: 'openai-compatible', label: 'second', apiKey: KEY, baseUrl, defaultModel: 'm-second', makeDefault: false },
    });
    expect(second.statusCode, second.body).toBe(201);
    const secondId = second.json<{ id: string }>().id;
    expect((await ask()).model).toBe('m-main');
    const chosen = await t.app.inject({
      method: 'PUT',
      url: `/api/trading/credentials/${secondId}/default`,
      headers: auth,
      payload: { defaultModel: 'm-chosen' },
    });
    expect(chosen.json()).toMatchObject({ isDefault: true, defaultModel: 'm-chosen' });
    calls.length = 0;
    const s = await ask();
    expect(s).toMatchObject({ status: 'completed', model: 'm-chosen' });
    expect(calls.map((c) => c.model)).toEqual(['m-chosen']);
    // Back to the first one, so the revocation test below deletes the key in use.
    await t.app.inject({ method: 'PUT', url: `/api/trading/credentials/${credentialId}/default`, headers: auth, payload: {} });
    await t.app.inject({ method: 'DELETE', url: `/api/trading/credentials/${secondId}`, headers: auth });
  });

  it('is revoked by deleting the credential: another member cannot, the owner can, audited, and the key is used no more', async () => {
    const other = await t.createUser([{ orgId: org.orgId, role: 'member' }]);
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: other.email, password: other.password } });
    const headers = {
      cookie: String(signIn.headers['set-cookie']).split(';')[0]!,
      'x-csrf-token': signIn.json<{ csrfToken: string }>().csrfToken,
      'x-tessera-org': org.slug,
    };
    expect((await t.app.inject({ method: 'DELETE', url: `/api/trading/credentials/${credentialId}`, headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/trading/credentials/${credentialId}`, headers: auth })).statusCode).toBe(204);
    const deleted = await rows<{ n: number }>(
      t.platform.database.db,
      sql`select count(*)::int as n from core.audit_log where org_id = ${org.orgId} and action = 'trading.credential.delete' and target_id = ${credentialId}`,
    );
    expect(deleted[0]!.n).toBe(1);
    mode = 'ok';
    calls.length = 0;
    const s = await ask();
    // Without a credential the session runs on the platform's default model, never on the deleted key.
    expect(calls).toEqual([]);
    expect(s.model).not.toBe('m-main');
  });
});
