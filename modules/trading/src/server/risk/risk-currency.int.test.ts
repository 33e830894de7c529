import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import type { OrderView } from '../../contracts/index.ts';
import { tradingModule } from '../index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ modules: [tradingModule] });
});
afterAll(async () => t?.close());

type Refusal = { error: { code: string; details: { orderId: string; reasons?: string[] } } };
interface RiskView {
  limits: { currency: string; version: number };
  reservedNotional: string | null;
  missingFxRates: string[];
  openOrders: number;
  dayPeakEquity: string | null;
  dayPeakCurrency: string | null;
}

/**
 * A fresh organization: BTC priced in USD at 100, ETH priced in EUR at 100, a USD portfolio
 * (created first, so USD is the default risk currency) and a EUR portfolio.
 */
async function setup(opts: { eurFirst?: boolean } = {}) {
  const org = await t.createOrg();
  const headers = { authorization: `Bearer ${org.ownerKey}` };
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  await call('POST', '/api/trading/assets', { symbol: 'BTC', name: 'Bitcoin', priceCurrency: 'USD' });
  await call('POST', '/api/trading/assets', { symbol: 'ETH', name: 'Ether', priceCurrency: 'EUR' });
  for (const asset of ['BTC', 'ETH'])
    expect(
      (await call('POST', '/api/trading/prices/import', { asset, csv: 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,100,100,100,100,1000000\n' }))
        .statusCode,
    ).toBe(201);
  const portfolio = async (quoteCurrency: string) =>
    (await call('POST', '/api/trading/portfolios', { name: `${quoteCurrency} book`, quoteCurrency, costMethod: 'fifo' })).json<{ id: string }>().id;
  const eurFirst = opts.eurFirst ? await portfolio('EUR') : '';
  const usd = await portfolio('USD');
  const eur = eurFirst || (await portfolio('EUR'));
  const limits = (l: Record<string, unknown> = {}) =>
    call('PUT', '/api/trading/risk/limits', { maxPositionNotional: '100000', maxOrderNotional: '500', maxOpenOrders: 50, maxDailyLoss: '50', ...l });
  const order = (portfolioId: string, asset: string, quantity: string, limitPrice: string) =>
    call('POST', '/api/trading/orders', { portfolioId, asset, side: 'buy', type: 'limit', quantity, limitPrice });
  const risk = async () => (await call('GET', '/api/trading/risk')).json<RiskView>();
  const rejected = async () => (await call('GET', '/api/trading/orders?status=rejected')).json<{ orders: OrderView[] }>().orders;
  const rates = (list: { base: string; quote: string; at: string; rate: string }[]) => call('POST', '/api/trading/fx-rates', { rates: list });
  return { call, usd, eur, limits, order, risk, rejected, rates };
}

describe('risk limits across currencies', () => {
  it('the risk currency defaults to the first portfolio currency, else USD', async () => {
    expect((await (await setup()).risk()).limits.currency).toBe('USD');
    expect((await (await setup({ eurFirst: true })).risk()).limits.currency).toBe('EUR');
    const empty = await t.createOrg();
    const res = await t.app.inject({ method: 'GET', url: '/api/trading/risk', headers: { authorization: `Bearer ${empty.ownerKey}` } });
    expect(res.json<RiskView>().limits.currency).toBe('USD');
  });

  it('converts an order in a EUR portfolio at the rate in force at check time (1.1, not a future 1.5)', async () => {
    const s = await setup();
    await s.rates([
      { base: 'EUR', quote: 'USD', at: '2024-01-01T00:00:00Z', rate: '1.1' },
      { base: 'EUR', quote: 'USD', at: '2099-01-01T00:00:00Z', rate: '1.5' },
    ]);
    await s.limits();
    // 4 x 100 EUR = 440 USD <= 500; 5 x 100 EUR = 550 USD > 500 (unconverted 500 would pass).
    expect((await s.order(s.eur, 'ETH', '4', '100')).statusCode).toBe(201);
    const refused = await s.order(s.eur, 'ETH', '5', '100');
    expect(refused.statusCode).toBe(422);
    const body = refused.json<Refusal>();
    expect(body.error.code).toBe('TRADING_RISK_REJECTED');
    const stored = (await s.rejected()).find((o) => o.id === body.error.details.orderId);
    expect(stored?.rejectReasons).toEqual(['order notional 550 USD > max order notional 500 USD']);
    // The open EUR order's 400 EUR reservation shows as 440 USD.
    expect(await s.risk()).toMatchObject({ reservedNotional: '440', missingFxRates: [], openOrders: 1 });
  });

  it('measures daily loss from the peak over both portfolios in the risk currency: a 46 EUR drop is 50.6 USD', async () => {
    const s = await setup();
    await s.rates([{ base: 'EUR', quote: 'USD', at: '2024-01-01T00:00:00Z', rate: '1.1' }]);
    await s.limits();
    const buy = await s.call('POST', `/api/trading/portfolios/${s.eur}/trades`, {
      trades: [{ asset: 'ETH', side: 'buy', quantity: '1', price: '100', fee: '0', feeAsset: 'EUR', executedAt: '2024-01-01T12:00:00Z' }],
    });
    expect(buy.statusCode, buy.body).toBe(201);
    expect((await s.order(s.usd, 'BTC', '0.1', '90')).statusCode).toBe(201);
    expect(await s.risk()).toMatchObject({ dayPeakEquity: '0', dayPeakCurrency: 'USD' });
    const drop = 'timestamp,open,high,low,close,volume\n2024-01-05T00:00:00Z,54,54,54,54,1000\n';
    expect((await s.call('POST', '/api/trading/prices/import', { asset: 'ETH', csv: drop })).statusCode).toBe(201);
    const refused = await s.order(s.usd, 'BTC', '0.1', '90');
    expect(refused.statusCode).toBe(422);
    const stored = (await s.rejected()).find((o) => o.id === refused.json<Refusal>().error.details.orderId);
    expect(stored?.rejectReasons).toEqual(['daily loss from peak 50.6 USD >= max 50 USD: only reducing orders today']);
  });

  it('fails closed without a rate: the order is rejected with TRADING_FX_RATE_MISSING, stored with its reason, nothing reserved', async () => {
    const s = await setup();
    await s.limits();
    const before = await s.risk();
    const res = await s.order(s.eur, 'ETH', '1', '100');
    expect(res.statusCode).toBe(422);
    const body = res.json<Refusal>();
    expect(body.error.code).toBe('TRADING_FX_RATE_MISSING');
    const stored = (await s.rejected()).find((o) => o.id === body.error.details.orderId);
    expect(stored).toMatchObject({ status: 'rejected', rejectCode: 'TRADING_FX_RATE_MISSING', reservedNotional: '0' });
    expect(stored!.rejectReasons[0]).toMatch(/^no EUR\/USD rate at or before .* to measure risk in USD$/);
    expect(await s.risk()).toEqual(before);
    // An order in USD is refused too once the EUR portfolio has P&L to convert into the equity.
    await s.call('POST', `/api/trading/portfolios/${s.eur}/trades`, {
      trades: [{ asset: 'ETH', side: 'buy', quantity: '1', price: '80', fee: '0', feeAsset: 'EUR', executedAt: '2024-01-01T12:00:00Z' }],
    });
    const usd = await s.order(s.usd, 'BTC', '1', '90');
    expect(usd.json<Refusal>().error.code).toBe('TRADING_FX_RATE_MISSING');
  });

  it('a risk currency set through the limits route applies, with an inverse rate rounded once', async () => {
    const s = await setup();
    await s.rates([{ base: 'EUR', quote: 'USD', at: '2024-01-01T00:00:00Z', rate: '1.1' }]);
    const put = await s.limits({ currency: 'EUR', maxOrderNotional: '81.818181818181818189' });
    expect(put.json()).toMatchObject({ currency: 'EUR', maxOrderNotional: '81.818181818181818189' });
    // 90 USD x 0.909090909090909091 = 81.81818181818181819 EUR.
    const refused = await s.order(s.usd, 'BTC', '1', '90');
    const stored = (await s.rejected()).find((o) => o.id === refused.json<Refusal>().error.details.orderId);
    expect(stored?.rejectReasons).toEqual(['order notional 81.81818181818181819 EUR > max order notional 81.818181818181818189 EUR']);
    expect((await s.order(s.usd, 'BTC', '0.5', '90')).statusCode).toBe(201);
    expect(await s.risk()).toMatchObject({ limits: { currency: 'EUR' }, reservedNotional: '40.909090909090909095', dayPeakCurrency: 'EUR' });
    // Saving limits without a currency keeps the one in force.
    expect((await s.limits()).json()).toMatchObject({ currency: 'EUR', version: 2 });
  });

  it("samples the day's peak on paper-market runs too: a rise between two orders counts towards the daily loss", async () => {
    const s = await setup();
    await s.limits();
    const buy = await s.call('POST', `/api/trading/portfolios/${s.usd}/trades`, {
      trades: [{ asset: 'BTC', side: 'buy', quantity: '1', price: '100', fee: '0', executedAt: '2024-01-01T12:00:00Z' }],
    });
    expect(buy.statusCode, buy.body).toBe(201);
    expect((await s.order(s.usd, 'BTC', '0.1', '90')).statusCode).toBe(201);
    expect((await s.risk()).dayPeakEquity).toBe('0');
    const candle = (day: string, close: string) => `timestamp,open,high,low,close,volume\n2024-01-${day}T00:00:00Z,${close},${close},${close},${close},1000\n`;
    expect((await s.call('POST', '/api/trading/prices/import', { asset: 'BTC', csv: candle('02', '200') })).statusCode).toBe(201);
    expect((await s.call('POST', '/api/trading/paper/tick')).statusCode).toBe(200);
    // Up 100 at 200: the run raised the peak though no order was placed.
    expect((await s.risk()).dayPeakEquity).toBe('100');
    expect((await s.call('POST', '/api/trading/prices/import', { asset: 'BTC', csv: candle('03', '140') })).statusCode).toBe(201);
    const refused = await s.order(s.usd, 'BTC', '0.1', '90');
    expect(refused.statusCode).toBe(422);
    const stored = (await s.rejected()).find((o) => o.id === refused.json<Refusal>().error.details.orderId);
    expect(stored?.rejectReasons).toEqual(['daily loss from peak 60 USD >= max 50 USD: only reducing orders today']);
  });
});
