import { sql } from 'drizzle-orm';
import { rows } from '../db/sql-rows.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { tradingModule } from '../index.ts';
import { riskFixture } from './risk-test-helpers.ts';

// Two app instances on one PostgreSQL database act like two server processes with their own pools.
let a: TestApp;
let b: TestApp;
let org: TestOrg;
let fx: Awaited<ReturnType<typeof riskFixture>>;
let auth: { authorization: string };

beforeAll(async () => {
  a = await createTestApp({ modules: [tradingModule] });
  b = await createTestApp({ modules: [tradingModule], testDb: a.testDb });
  org = await a.createOrg();
  auth = { authorization: `Bearer ${org.ownerKey}` };
  fx = await riskFixture(a, auth);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

async function fire(n: number, payload: Record<string, unknown>) {
  return Promise.all(Array.from({ length: n }, (_, i) => (i % 2 ? b : a).app.inject({ method: 'POST', url: '/api/trading/orders', headers: auth, payload })));
}

async function state() {
  const db = a.platform.database.db;
  const r = {
    rows: await rows<{ reserved: string; open_orders: number }>(
      db,
      sql`select reserved_notional::text as reserved, open_orders from trading.risk_state where org_id = ${org.orgId}`,
    ),
  };
  const o = {
    rows: await rows<{ n: number; reserved: string }>(
      db,
      sql`select count(*)::int as n, coalesce(sum(reserved_notional), 0)::text as reserved from trading.orders where org_id = ${org.orgId} and status = 'open'`,
    ),
  };
  return { risk: r.rows[0]!, orders: o.rows[0]! };
}

describe('200 parallel orders on PostgreSQL', () => {
  it('never exceed the open-order limit', async () => {
    await fx.inject('PUT', '/api/trading/risk/limits', { maxPositionNotional: '1000000', maxOrderNotional: '1000', maxOpenOrders: 37, maxDailyLoss: '1000' });
    const res = await fire(200, { portfolioId: fx.portfolioId, asset: 'BTC', side: 'buy', type: 'limit', quantity: '1', limitPrice: '90' });
    const ok = res.filter((r) => r.statusCode === 201).length;
    expect(res.filter((r) => r.statusCode >= 500)).toHaveLength(0);
    expect(ok).toBe(37);
    const s = await state();
    expect(s.orders.n).toBe(37);
    expect(s.risk.open_orders).toBe(37);
    expect(Number(s.risk.reserved)).toBe(37 * 90);
    for (const r of res.filter((x) => x.statusCode !== 201)) expect(r.json().error.code).toBe('TRADING_RISK_REJECTED');
    // Every refusal is on record, and none of them reserves anything or counts as open.
    const refused = await rows<{ n: number; reserved: string }>(
      a.platform.database.db,
      sql`select count(*)::int as n, coalesce(sum(reserved_notional), 0)::text as reserved from trading.orders
          where org_id = ${org.orgId} and status = 'rejected' and reject_code = 'TRADING_RISK_REJECTED'`,
    );
    expect(refused[0]!.n).toBe(200 - 37);
    expect(Number(refused[0]!.reserved)).toBe(0);
  });

  it('never exceed the position notional limit (reservations serialise on the risk row)', async () => {
    const open = (await fx.inject('GET', '/api/trading/orders?status=open')).json().orders as { id: string }[];
    for (const o of open) await fx.inject('POST', `/api/trading/orders/${o.id}/cancel`);
    await fx.inject('PUT', '/api/trading/risk/limits', { maxPositionNotional: '4500', maxOrderNotional: '1000', maxOpenOrders: 1000, maxDailyLoss: '1000' });
    const res = await fire(200, { portfolioId: fx.portfolioId, asset: 'BTC', side: 'buy', type: 'limit', quantity: '1', limitPrice: '90' });
    expect(res.filter((r) => r.statusCode === 201)).toHaveLength(50);
    const s = await state();
    expect(s.orders.n).toBe(50);
    expect(Number(s.orders.reserved)).toBe(4500);
    expect(s.risk.reserved).toBe(s.orders.reserved);
  });
});
