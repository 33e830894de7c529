import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import type { OrderView } from '../../contracts/index.ts';
import { rows } from '../db/sql-rows.ts';
import { tradingModule } from '../index.ts';
import { riskFixture } from './risk-test-helpers.ts';

let t: TestApp;
let org: TestOrg;
let fx: Awaited<ReturnType<typeof riskFixture>>;

beforeAll(async () => {
  t = await createTestApp({ modules: [tradingModule] });
  org = await t.createOrg();
  fx = await riskFixture(t, { authorization: `Bearer ${org.ownerKey}` });
  await fx.inject('PUT', '/api/trading/risk/limits', { maxPositionNotional: '1000', maxOrderNotional: '500', maxOpenOrders: 5, maxDailyLoss: '10000' });
});
afterAll(async () => t?.close());

const order = (o: Record<string, unknown> = {}) => ({
  portfolioId: fx.portfolioId,
  asset: 'BTC',
  side: 'buy',
  type: 'limit',
  quantity: '1',
  limitPrice: '90',
  ...o,
});
type Refusal = { error: { code: string; details: { orderId: string; reasons?: string[] } } };

async function rejected(): Promise<OrderView[]> {
  return (await fx.inject('GET', '/api/trading/orders?status=rejected')).json<{ orders: OrderView[] }>().orders;
}
async function riskNow() {
  return (await fx.inject('GET', '/api/trading/risk')).json<{ reservedNotional: string; openOrders: number }>();
}
async function auditActions(id: string): Promise<string[]> {
  return (await rows<{ action: string }>(t.platform.database.db, sql`select action from core.audit_log where org_id = ${org.orgId} and target_id = ${id}`)).map(
    (r) => r.action,
  );
}

describe('orders refused by the pre-trade check are stored as rejected', () => {
  it('a limit breach answers 422 with the stored order id; the order is listed as rejected with its code and reasons, reserves nothing and is audited', async () => {
    const before = await riskNow();
    const res = await fx.inject('POST', '/api/trading/orders', order({ quantity: '6' }));
    expect(res.statusCode).toBe(422);
    const body = res.json<Refusal>();
    expect(body.error.code).toBe('TRADING_RISK_REJECTED');
    const stored = (await rejected()).find((o) => o.id === body.error.details.orderId);
    expect(stored).toMatchObject({
      status: 'rejected',
      rejectCode: 'TRADING_RISK_REJECTED',
      quantity: '6',
      limitPrice: '90',
      reservedNotional: '0',
      source: 'user',
    });
    expect(stored!.rejectReasons.join()).toMatch(/order notional 540 USD > max order notional 500 USD/);
    expect(await riskNow()).toEqual(before);
    expect(await auditActions(stored!.id)).toEqual(['trading.order.reject']);
  });

  it('a kill-switch refusal is stored with TRADING_KILL_SWITCH_ACTIVE and does not count as an open order', async () => {
    await fx.inject('PUT', '/api/trading/kill-switch', { mode: 'hard', reason: 'test halt' });
    try {
      const res = await fx.inject('POST', '/api/trading/orders', order());
      expect(res.statusCode).toBe(423);
      const id = res.json<Refusal>().error.details.orderId;
      const stored = (await rejected()).find((o) => o.id === id);
      expect(stored).toMatchObject({ status: 'rejected', rejectCode: 'TRADING_KILL_SWITCH_ACTIVE' });
      expect(stored!.rejectReasons[0]).toMatch(/hard halt/);
      expect((await riskNow()).openOrders).toBe(0);
    } finally {
      // Only a person may reset a halt and this one belongs to the machine key, so the test clears it directly.
      await t.platform.database.db.execute(sql`update trading.kill_switches set mode = 'off' where org_id = ${org.orgId}`);
    }
  });

  it('the fail-closed path is stored too: when the check itself fails, the order is rejected with TRADING_RISK_CHECK_FAILED', async () => {
    // ETH held without any ETH price: equity cannot be computed, so the check cannot decide.
    await fx.inject('POST', `/api/trading/portfolios/${fx.portfolioId}/trades`, {
      trades: [{ asset: 'ETH', side: 'buy', quantity: '1', price: '10', executedAt: '2024-01-01T00:00:00Z' }],
    });
    try {
      const res = await fx.inject('POST', '/api/trading/orders', order());
      expect(res.statusCode).toBe(503);
      // A 5xx body never carries details (core keeps internals out), so the order is found by its code.
      const stored = (await rejected()).find((o) => o.rejectCode === 'TRADING_RISK_CHECK_FAILED');
      expect(stored).toMatchObject({ status: 'rejected', rejectCode: 'TRADING_RISK_CHECK_FAILED', reservedNotional: '0' });
      expect(stored!.rejectReasons[0]).toMatch(/could not complete/);
      expect((await riskNow()).openOrders).toBe(0);
    } finally {
      await fx.inject('POST', `/api/trading/portfolios/${fx.portfolioId}/trades`, {
        trades: [{ asset: 'ETH', side: 'sell', quantity: '1', price: '10', executedAt: '2024-01-01T01:00:00Z' }],
      });
    }
  });

  it('bad input is not an order: a zero quantity or an unknown portfolio answers 4xx and stores nothing', async () => {
    const count = async () =>
      (await rows<{ n: number }>(t.platform.database.db, sql`select count(*)::int as n from trading.orders where org_id = ${org.orgId}`))[0]!.n;
    const n = await count();
    expect((await fx.inject('POST', '/api/trading/orders', order({ quantity: '0' }))).json<Refusal>().error.code).toBe('TRADING_NON_POSITIVE_QUANTITY');
    expect((await fx.inject('POST', '/api/trading/orders', order({ portfolioId: '00000000-0000-4000-8000-000000000000' }))).statusCode).toBe(404);
    expect(await count()).toBe(n);
  });

  it('accepted orders are unaffected: an order within limits is open and the rejected ones stay out of reservations', async () => {
    const ok = await fx.inject('POST', '/api/trading/orders', order({ quantity: '2' }));
    expect(ok.statusCode).toBe(201);
    expect(await riskNow()).toMatchObject({ reservedNotional: '180', openOrders: 1 });
    const statuses = (await fx.inject('GET', '/api/trading/orders')).json<{ orders: OrderView[] }>().orders.map((o) => o.status);
    expect(statuses.filter((s) => s === 'rejected')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'open')).toHaveLength(1);
  });

  it('a strategy order refused by its exposure limit is stored with the strategy as its source', async () => {
    const st = await fx.inject('POST', '/api/trading/strategies', {
      portfolioId: fx.portfolioId,
      name: 'Tiny DCA',
      kind: 'dca',
      asset: 'BTC',
      params: { quoteAmount: '50', everyDays: 1 },
      maxExposure: '1',
    });
    expect(st.statusCode, st.body).toBe(201);
    const strategyId = st.json<{ id: string }>().id;
    const run = await fx.inject('POST', `/api/trading/strategies/${strategyId}/run`);
    expect(run.statusCode).toBe(422);
    const id = run.json<Refusal>().error.details.orderId;
    const stored = (await rejected()).find((o) => o.id === id);
    expect(stored).toMatchObject({ status: 'rejected', rejectCode: 'TRADING_RISK_REJECTED', source: 'strategy', strategyId });
    expect(stored!.rejectReasons.join()).toMatch(/strategy exposure would be 50 USD > max 1 USD/);
  });
});

describe('a portfolio in another currency', () => {
  it('with nothing in it needs no FX rate: its zero P&L is zero in any currency, so orders are still checked and accepted', async () => {
    const eur = await fx.inject('POST', '/api/trading/portfolios', { name: 'Euro book', quoteCurrency: 'EUR', costMethod: 'fifo' });
    expect(eur.statusCode, eur.body).toBe(201);
    const open = (await fx.inject('GET', '/api/trading/orders?status=open')).json<{ orders: { id: string }[] }>().orders;
    for (const o of open) await fx.inject('POST', `/api/trading/orders/${o.id}/cancel`);
    const res = await fx.inject('POST', '/api/trading/orders', order());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'open', reservedNotional: '90' });
  });
});
