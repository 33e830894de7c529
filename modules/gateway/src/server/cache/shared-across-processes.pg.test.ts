import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';
import { awayFromMinuteBoundary } from '../testing/rate-window.ts';

// Three server processes (own platform, limiter, caches) on one PostgreSQL and one Redis namespace.
let f: GatewayFixture<TestApp>;
let others: TestApp[] = [];
let limited: string;
let cached: string;

beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  limited = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
  cached = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
  expect((await f.admin('PUT', `/api/gateway/keys/${await f.keyId(limited)}`, { rpm: 4 })).status).toBe(200);
  expect((await f.admin('PUT', `/api/gateway/keys/${await f.keyId(cached)}`, { guardrails: { cacheTtlSeconds: 300 } })).status).toBe(200);
  const config = { redisKeyPrefix: f.t.platform.config.redisKeyPrefix };
  others = [
    await createTestApp({ modules: [gatewayModule], testDb: f.t.testDb, config }),
    await createTestApp({ modules: [gatewayModule], testDb: f.t.testDb, config }),
  ];
});
afterAll(async () => {
  for (const o of others) await o.close();
  await f.t.close();
});

const apps = () => [f.t.app, ...others.map((o) => o.app)];
const chat = (i: number, key: string, content: string) =>
  apps()[i % 3]!.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers: f.auth(key),
    payload: { model: 'tessera-offline', messages: [{ role: 'user', content }] },
  });

describe('limits and cache shared through Redis', () => {
  it('runs on Redis (this suite proves sharing, which the in-memory backends cannot)', () => {
    expect(f.t.platform.redis).not.toBeNull();
    expect(others.every((o) => o.platform.rateLimiter.backend === 'redis')).toBe(true);
  });

  it('counts one requests-per-minute limit across all processes', async () => {
    await awayFromMinuteBoundary();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await chat(i, limited, `limit ${i}`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const refused = await chat(2, limited, 'again');
    expect(refused.json().error.code).toBe('GATEWAY_RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers from an entry another process stored, counts hits for every process, and a flush anywhere clears it', async () => {
    expect((await chat(0, cached, 'shared cache')).headers['x-alfred-cache']).toBe('miss');
    expect((await chat(1, cached, 'shared cache')).headers['x-alfred-cache']).toBe('hit');
    expect((await chat(2, cached, 'shared cache')).headers['x-alfred-cache']).toBe('hit');
    // The stats are counted in Redis without waiting; a scrape right after may precede the increment.
    let stats = { hits: 0, misses: 0 };
    for (let i = 0; i < 20 && stats.hits < 2; i++) {
      const res = await others[1]!.app.inject({ method: 'GET', url: '/api/gateway/cache', headers: f.auth(f.org.ownerKey) });
      stats = res.json<typeof stats>();
    }
    expect(stats).toMatchObject({ backend: 'redis', hits: 2, misses: 1 });
    const flushed = await others[0]!.app.inject({ method: 'POST', url: '/api/gateway/cache/flush', headers: f.auth(f.org.ownerKey), payload: {} });
    expect(flushed.json().removed).toBe(1);
    expect((await chat(0, cached, 'shared cache')).headers['x-alfred-cache']).toBe('miss');
  });

  it('applies an admin change made on one process on the others within moments, not after the 30 s config TTL', async () => {
    const dry = (i: number) =>
      apps()[i]!.inject({
        method: 'POST',
        url: '/v1/chat/completions/dry-run',
        headers: f.auth(),
        payload: { model: 'tessera-offline', max_tokens: 10, messages: [{ role: 'user', content: 'price' }] },
      });
    // Every process has the organization's config cached now.
    for (const i of [0, 1, 2]) expect((await dry(i)).json().attempts[0].price).toEqual({ input: 1_000_000, output: 2_000_000 });
    const put = await f.admin('PUT', '/api/gateway/pricing', { model: 'tessera-1', inputMicrosPerM: 4_000_000, outputMicrosPerM: 8_000_000 });
    expect(put.status).toBe(200);
    const started = Date.now();
    for (const i of [1, 2]) {
      let price: unknown = null;
      while (Date.now() - started < 5000) {
        price = (await dry(i)).json().attempts[0].price;
        if ((price as { input: number }).input === 4_000_000) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(price).toEqual({ input: 4_000_000, output: 8_000_000 });
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
