import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

let f: GatewayFixture<TestApp>;
beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  await f.wallet('org', undefined, 100_000_000);
});
afterAll(async () => f.t.close());

const call = (stream: boolean, i: number) =>
  f.t.app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers: f.auth(),
    payload: { model: 'tessera-offline', max_tokens: 50, stream, messages: [{ role: 'user', content: `request path ${i}` }] },
  });

describe('the request path and the database', () => {
  it('runs no gateway SQL per request except the budget reservation, taken in blocks', async () => {
    // Warm: configuration and key settings cached, a budget block held.
    expect((await call(false, -1)).statusCode).toBe(200);
    const database = f.t.platform.database;
    const seen: string[] = [];
    const query = database.query.bind(database);
    const execute = database.db.execute.bind(database.db);
    database.query = (text: string, params?: unknown[]) => {
      seen.push(text);
      return query(text, params);
    };
    database.db.execute = (q: Parameters<typeof execute>[0]) => {
      seen.push('drizzle execute');
      return execute(q);
    };
    try {
      for (let i = 0; i < 20; i++) expect((await call(i % 2 === 1, i)).statusCode).toBe(200);
    } finally {
      database.query = query;
      database.db.execute = execute;
    }
    // Logs and settlements go in the once-a-second batch (a transaction, not recorded here); on the
    // path only gateway.reserve, once per block of 16 requests' worth (refilled in the background).
    const gateway = seen.filter((s) => s.includes('gateway.') || s === 'drizzle execute');
    expect(gateway.every((s) => s.includes('gateway.reserve('))).toBe(true);
    // 20 calls need a second block: the spy saw it (and so would have seen any other statement).
    expect(gateway.length).toBeGreaterThan(0);
    expect(gateway.length).toBeLessThanOrEqual(3);
  });
});
