import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

let f: GatewayFixture<TestApp>;
let second: string;
beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  second = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
  for (const k of [f.key, second])
    expect((await f.admin('PUT', `/api/gateway/keys/${await f.keyId(k)}`, { guardrails: { cacheTtlSeconds: 300 } })).status).toBe(200);
});
afterAll(async () => f.t.close());

const chat = (key: string, model: string, content: string) =>
  f.t.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: f.auth(key), payload: { model, messages: [{ role: 'user', content }] } });
const flush = (payload?: unknown) =>
  f.t.app.inject({
    method: 'POST',
    url: '/api/gateway/cache/flush',
    headers: f.auth(f.org.ownerKey),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

/** Fills the cache with one entry per (key, model) and returns which of them still hit. */
async function cachedNow(): Promise<string[]> {
  const out: string[] = [];
  for (const [name, key] of [
    ['first', f.key],
    ['second', second],
  ] as const)
    for (const model of ['tessera-offline', 'offline/tessera-1'])
      if ((await chat(key, model, 'cache this')).headers['x-alfred-cache'] === 'hit') out.push(`${name} ${model}`);
  return out;
}

describe('POST /api/gateway/cache/flush', () => {
  it('keeps entries per virtual key and flushes only the named model', async () => {
    await cachedNow();
    expect(await cachedNow()).toHaveLength(4);
    const res = await flush({ model: 'tessera-offline' });
    expect(res.statusCode).toBe(200);
    expect(res.json().removed).toBe(2);
    expect(await cachedNow()).toEqual(['first offline/tessera-1', 'second offline/tessera-1']);
  });

  it('flushes only the named key, then everything with an empty body', async () => {
    await cachedNow();
    const res = await flush({ apiKeyId: await f.keyId(second) });
    expect(res.json().removed).toBe(2);
    expect(await cachedNow()).toEqual(['first tessera-offline', 'first offline/tessera-1']);
    expect((await flush({})).json().removed).toBe(4);
    const empty = await flush();
    expect(empty.json().removed).toBe(0);
  });

  it('refuses unknown fields and malformed ids with a 4xx code and removes nothing', async () => {
    await cachedNow();
    for (const bad of [{ everything: true }, { apiKeyId: 'not-a-uuid' }, { model: '' }, { model: 'x'.repeat(257) }, [{ model: 'tessera-offline' }]]) {
      const res = await flush(bad);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBeTruthy();
    }
    expect(await cachedNow()).toHaveLength(4);
  });

  it('reports hit and miss counts of the caller organization only', async () => {
    const other = await f.t.createOrg();
    const stats = await f.t.app.inject({ method: 'GET', url: '/api/gateway/cache', headers: f.auth(other.ownerKey) });
    expect(stats.json()).toMatchObject({ hits: 0, misses: 0 });
    const mine = await f.admin('GET', '/api/gateway/cache');
    expect(mine.body.hits).toBeGreaterThan(0);
  });

  it('keys entries on the model parameters: another temperature, max_tokens or tool set misses; the user field does not', async () => {
    const ask = (extra: Record<string, unknown>) =>
      f.t.app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        headers: f.auth(),
        payload: { model: 'tessera-offline', messages: [{ role: 'user', content: 'params matter' }], ...extra },
      });
    expect((await ask({ temperature: 0 })).headers['x-alfred-cache']).toBe('miss');
    expect((await ask({ temperature: 0 })).headers['x-alfred-cache']).toBe('hit');
    expect((await ask({ temperature: 0, user: 'someone-else' })).headers['x-alfred-cache']).toBe('hit');
    expect((await ask({ temperature: 1 })).headers['x-alfred-cache']).toBe('miss');
    expect((await ask({ temperature: 0, max_tokens: 5 })).headers['x-alfred-cache']).toBe('miss');
    const tools = [{ type: 'function', function: { name: 'noop', parameters: { type: 'object', properties: {} } } }];
    expect((await ask({ temperature: 0, tools })).headers['x-alfred-cache']).toBe('miss');
    // A cached answer costs nothing and says so.
    const hit = await ask({ temperature: 1 });
    expect([hit.headers['x-alfred-cache'], hit.headers['x-alfred-cost-micros']]).toEqual(['hit', '0']);
  });
});
