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

  it('never exceed a strategy exposure limit: 4500 of exposure holds exactly 50 strategy orders at 90', async () => {
    const open = (await fx.inject('GET', '/api/trading/orders?status=open')).json().orders as { id: string }[];
    for (const o of open) await fx.inject('POST', `/api/trading/orders/${o.id}/cancel`);
    await fx.inject('PUT', '/api/trading/risk/limits', { maxPositionNotional: '1000000', maxOrderNotional: '1000', maxOpenOrders: 1000, maxDailyLoss: '1000' });
    const st = await fx.inject('POST', '/api/trading/strategies', {
      portfolioId: fx.portfolioId,
      name: 'Capped DCA',
      kind: 'dca',
      asset: 'BTC',
      params: { quoteAmount: '90', everyDays: 1 },
      maxExposure: '4500',
    });
    expect(st.statusCode, st.body).toBe(201);
    const strategyId = st.json<{ id: string }>().id;
    const res = await fire(200, { portfolioId: fx.portfolioId, asset: 'BTC', side: 'buy', type: 'limit', quantity: '1', limitPrice: '90', strategyId });
    expect(res.filter((r) => r.statusCode >= 500)).toHaveLength(0);
    expect(res.filter((r) => r.statusCode === 201)).toHaveLength(50);
    const reserved = await rows<{ reserved: string }>(
      a.platform.database.db,
      sql`select coalesce(sum(reserved_notional), 0)::text as reserved from trading.orders where strategy_id = ${strategyId} and status = 'open'`,
    );
    expect(Number(reserved[0]!.reserved)).toBe(4500);
  });

  describe('for a user with portfolios in USD and EUR (limits in USD, EUR/USD 1.1)', () => {
    let eur: string;
    const mixed = (i: number) =>
      i % 2
        ? { portfolioId: eur, asset: 'SOL', side: 'buy', type: 'limit', quantity: '1', limitPrice: '90' } // 90 EUR = 99 USD
        : { portfolioId: fx.portfolioId, asset: 'BTC', side: 'buy', type: 'limit', quantity: '1', limitPrice: '90' };
    const fireMixed = () =>
      Promise.all(
        Array.from({ length: 200 }, (_, i) => (i % 2 ? b : a).app.inject({ method: 'POST', url: '/api/trading/orders', headers: auth, payload: mixed(i) })),
      );
    const cancelAll = async () => {
      const open = (await fx.inject('GET', '/api/trading/orders?status=open')).json().orders as { id: string }[];
      for (const o of open) await fx.inject('POST', `/api/trading/orders/${o.id}/cancel`);
    };
    const accepted = (res: Awaited<ReturnType<typeof fireMixed>>, asset: string) =>
      res.filter((r, i) => r.statusCode === 201 && mixed(i).asset === asset).length;

    beforeAll(async () => {
      await fx.inject('POST', '/api/trading/assets', { symbol: 'SOL', name: 'Solana', priceCurrency: 'EUR' });
      const csv = 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,100,101,99,100,1000000\n';
      expect((await fx.inject('POST', '/api/trading/prices/import', { asset: 'SOL', csv })).statusCode).toBe(201);
      expect(
        (await fx.inject('POST', '/api/trading/fx-rates', { rates: [{ base: 'EUR', quote: 'USD', at: '2024-01-01T00:00:00Z', rate: '1.1' }] })).statusCode,
      ).toBe(201);
      eur = (await fx.inject('POST', '/api/trading/portfolios', { name: 'Euro book', quoteCurrency: 'EUR', costMethod: 'fifo' })).json<{ id: string }>().id;
    });

    it('never exceed a USD position limit in either currency: 4500 USD holds 50 BTC orders at 90 USD and 45 SOL orders at 99 USD', async () => {
      await cancelAll();
      await fx.inject('PUT', '/api/trading/risk/limits', { maxPositionNotional: '4500', maxOrderNotional: '1000', maxOpenOrders: 1000, maxDailyLoss: '1000' });
      const res = await fireMixed();
      expect(res.filter((r) => r.statusCode >= 500)).toHaveLength(0);
      expect(accepted(res, 'BTC')).toBe(50);
      expect(accepted(res, 'SOL')).toBe(45);
      for (const r of res.filter((x) => x.statusCode !== 201)) expect(r.json().error.code).toBe('TRADING_RISK_REJECTED');
      const s = await state();
      expect(s.orders.n).toBe(95);
      expect(s.risk.open_orders).toBe(95);
      // 50 x 90 USD + 45 x 90 EUR x 1.1 = 4500 + 4455 USD reserved.
      expect((await fx.inject('GET', '/api/trading/risk')).json()).toMatchObject({ reservedNotional: '8955', openOrders: 95 });
    });

    it('never exceed the open-order limit counted over both currencies', async () => {
      await cancelAll();
      await fx.inject('PUT', '/api/trading/risk/limits', { maxPositionNotional: '1000000', maxOrderNotional: '1000', maxOpenOrders: 37, maxDailyLoss: '1000' });
      const res = await fireMixed();
      expect(res.filter((r) => r.statusCode === 201)).toHaveLength(37);
      expect(res.filter((r) => r.statusCode >= 500)).toHaveLength(0);
      expect((await state()).risk.open_orders).toBe(37);
    });

    it('never exceed a USD order limit: 90 EUR (99 USD) orders are all refused under a 95 USD maximum, 90 USD ones all pass', async () => {
      await cancelAll();
      await fx.inject('PUT', '/api/trading/risk/limits', { maxPositionNotional: '1000000', maxOrderNotional: '95', maxOpenOrders: 1000, maxDailyLoss: '1000' });
      const res = await fireMixed();
      expect(accepted(res, 'BTC')).toBe(100);
      expect(accepted(res, 'SOL')).toBe(0);
    });
  });
});
