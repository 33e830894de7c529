import { sql } from 'drizzle-orm';
import { rows } from '../db/sql-rows.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { tradingModule } from '../index.ts';
import { riskFixture, signInHeaders } from './risk-test-helpers.ts';

let t: TestApp;
let org: TestOrg;
let auth: { authorization: string };
let fx: Awaited<ReturnType<typeof riskFixture>>;

beforeAll(async () => {
  t = await createTestApp({ modules: [tradingModule] });
  org = await t.createOrg();
  auth = { authorization: `Bearer ${org.ownerKey}` };
  fx = await riskFixture(t, auth);
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

describe('orders through the pre-trade check', () => {
  it('a market order fills at once against the feed with slippage and fee; the trade lands in the portfolio', async () => {
    const res = await fx.inject('POST', '/api/trading/orders', order({ type: 'market', limitPrice: undefined, quantity: '2' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'filled', filledQuantity: '2', reservedNotional: '0' });
    const v = (await fx.inject('GET', `/api/trading/portfolios/${fx.portfolioId}`)).json().valuation;
    // 2 at 100.1 (10 bps slippage) + fee 0.2002 = 200.4002 cost
    expect(v.positions[0]).toMatchObject({ quantity: '2', costBasis: '200.4002' });
  });

  it('limit orders reserve exposure; cancel releases it', async () => {
    await fx.inject('PUT', '/api/trading/risk/limits', { maxPositionNotional: '900', maxOrderNotional: '500', maxOpenOrders: 5, maxDailyLoss: '10000' });
    const a = await fx.inject('POST', '/api/trading/orders', order({ quantity: '3' }));
    expect(a.statusCode).toBe(201);
    let risk = (await fx.inject('GET', '/api/trading/risk')).json();
    expect(risk).toMatchObject({ reservedNotional: '270', openOrders: 1 });
    // order notional 6 * 90 = 540 > 500
    const b = await fx.inject('POST', '/api/trading/orders', order({ quantity: '6' }));
    expect(b.json().error.code).toBe('TRADING_RISK_REJECTED');
    const c = await fx.inject('POST', '/api/trading/orders', order({ quantity: '5.5' }));
    expect(c.json().error.code).toBe('TRADING_RISK_REJECTED');
    // notional 495 is fine, but held 2 + pending 3 + 5.5 = 10.5 at 90 = 945 > 900
    expect(c.json<{ error: { details: { reasons: string[] } } }>().error.details.reasons.join()).toMatch(/position notional/);
    await fx.inject('POST', `/api/trading/orders/${a.json().id}/cancel`);
    risk = (await fx.inject('GET', '/api/trading/risk')).json();
    expect(risk).toMatchObject({ reservedNotional: '0', openOrders: 0 });
  });

  it('fails closed: when an input of the check cannot be computed, the order is rejected with TRADING_RISK_CHECK_FAILED', async () => {
    // Hold ETH without any ETH price: equity cannot be computed, so no buy of anything passes.
    await fx.inject('POST', `/api/trading/portfolios/${fx.portfolioId}/trades`, {
      trades: [{ asset: 'ETH', side: 'buy', quantity: '1', price: '10', executedAt: '2024-01-01T00:00:00Z' }],
    });
    const res = await fx.inject('POST', '/api/trading/orders', order());
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('TRADING_RISK_CHECK_FAILED');
    const open = await rows<{ n: number }>(t.platform.database.db, sql`select count(*)::int as n from trading.orders where status = 'open'`);
    expect(open[0]!.n).toBe(0);
    await fx.inject('POST', `/api/trading/portfolios/${fx.portfolioId}/trades`, {
      trades: [{ asset: 'ETH', side: 'sell', quantity: '1', price: '10', executedAt: '2024-01-01T01:00:00Z' }],
    });
  });

  it('kill switch: soft halt allows only reducing orders, hard halt none; reset needs a person and a reason', async () => {
    expect((await fx.inject('PUT', '/api/trading/kill-switch', { mode: 'soft', reason: 'bot misbehaving' })).statusCode).toBe(200);
    expect((await fx.inject('POST', '/api/trading/orders', order())).json().error.code).toBe('TRADING_KILL_SWITCH_ACTIVE');
    expect((await fx.inject('POST', '/api/trading/orders', order({ side: 'sell', limitPrice: '500', quantity: '1' }))).statusCode).toBe(201);
    await fx.inject('PUT', '/api/trading/kill-switch', { mode: 'hard', reason: 'stop everything' });
    expect((await fx.inject('POST', '/api/trading/orders', order({ side: 'sell', limitPrice: '500', quantity: '0.5' }))).json().error.code).toBe(
      'TRADING_KILL_SWITCH_ACTIVE',
    );
    // A machine key cannot reset.
    const byKey = await fx.inject('PUT', '/api/trading/kill-switch', { mode: 'off', reason: 'looks fine now' });
    expect(byKey.statusCode).toBe(403);
    expect((await fx.inject('PUT', '/api/trading/kill-switch', { mode: 'off', reason: '' })).statusCode).toBe(400);
    const risk = (await fx.inject('GET', '/api/trading/risk')).json();
    expect(risk.kill.user.mode).toBe('hard');
    const audit = {
      rows: await rows<{ action: string }>(
        t.platform.database.db,
        sql`select action from core.audit_log where org_id = ${org.orgId} and action like 'trading.kill.%' order by seq`,
      ),
    };
    expect(audit.rows.map((r) => r.action)).toEqual(['trading.kill.user.engage', 'trading.kill.user.engage']);
  });

  it('a person resets their own halt with a reason; the global switch needs an admin', async () => {
    const person = await signInHeaders(t, org.orgId, org.slug, 'member');
    const p = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) =>
      t.app.inject({ method, url, headers: person, ...(payload ? { payload } : {}) });
    await p('PUT', '/api/trading/kill-switch', { mode: 'hard', reason: 'testing' });
    const reset = await p('PUT', '/api/trading/kill-switch', { mode: 'off', reason: 'investigated, fine' });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ mode: 'off', reason: 'investigated, fine' });
    expect((await p('PUT', '/api/trading/kill-switch/global', { mode: 'hard', reason: 'market halt' })).statusCode).toBe(403);
    const admin = await signInHeaders(t, org.orgId, org.slug, 'admin');
    const g = await t.app.inject({
      method: 'PUT',
      url: '/api/trading/kill-switch/global',
      headers: admin,
      payload: { mode: 'hard', reason: 'exchange outage' },
    });
    expect(g.statusCode).toBe(200);
    // The global switch halts every user of the organization.
    expect((await fx.inject('POST', '/api/trading/orders', order())).json().error.code).toBe('TRADING_KILL_SWITCH_ACTIVE');
    expect((await p('POST', '/api/trading/orders', order())).statusCode).toBe(404);
    await t.app.inject({ method: 'PUT', url: '/api/trading/kill-switch/global', headers: admin, payload: { mode: 'off', reason: 'exchange back' } });
  });
});
