import { createTestApp, type TestApp } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

// Three server instances (each its own platform, pool, caches and usage buffer) on one PostgreSQL database.
let f: GatewayFixture<TestApp>;
let others: TestApp[] = [];
let walletId: string;
const BUDGET = 5_000;

beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  others = [await createTestApp({ modules: [gatewayModule], testDb: f.t.testDb }), await createTestApp({ modules: [gatewayModule], testDb: f.t.testDb })];
  // The offline provider with a fixed answer size and a little latency, so requests overlap.
  const p = await f.admin('POST', '/api/gateway/providers', { name: 'offline', kind: 'offline', config: { latencyMs: 30, completionTokens: 60 } });
  expect(p.status).toBe(201);
  walletId = await f.wallet('org', undefined, BUDGET);
});
afterAll(async () => {
  for (const o of others) await o.close();
  await f.t.close();
});

describe('one wallet, three server processes, concurrent requests', () => {
  it('never overshoots the budget by more than one request maximum cost, and the ledger equals the balance', async () => {
    const apps = [f.t.app, ...others.map((o) => o.app)];
    const payload = { model: 'tessera-offline', max_tokens: 100, messages: [{ role: 'user', content: 'concurrency probe' }] };
    const dry = await f.t.app.inject({ method: 'POST', url: '/v1/chat/completions/dry-run', headers: f.auth(), payload });
    const maxCost = dry.json().maxCostMicros as number;
    const calls = Array.from({ length: 90 }, (_, i) => apps[i % 3]!.inject({ method: 'POST', url: '/v1/chat/completions', headers: f.auth(), payload }));
    const results = await Promise.all(calls);
    const ok = results.filter((r) => r.statusCode === 200).length;
    const refused = results.filter((r) => r.statusCode === 402).length;
    expect(ok + refused).toBe(90);
    expect(refused).toBeGreaterThan(0);
    expect(ok).toBeGreaterThan(0);
    for (const o of others) await o.app.close();
    await f.admin('GET', '/api/gateway/requests');
    const wallet = await f.admin('GET', `/api/gateway/wallets/${walletId}`);
    const balance = Number(wallet.body.balance_micros);
    const spent = BUDGET - balance;
    expect(spent).toBeLessThanOrEqual(BUDGET + maxCost);
    expect(balance).toBeGreaterThanOrEqual(-maxCost);
    expect(wallet.body.reserved_micros).toBe('0');
    expect(wallet.body.ledgerSumMicros).toBe(wallet.body.balance_micros);
    const charges = await f.t.platform.database.query<{ n: string }>(
      "select count(*)::text as n from gateway.wallet_ledger where wallet_id = $1 and kind = 'charge'",
      [walletId],
    );
    expect(Number(charges[0]?.n)).toBe(ok);
  });
});
