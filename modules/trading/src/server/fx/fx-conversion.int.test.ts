import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import type { Performance, TradeView, Valuation } from '../../contracts/index.ts';
import { rows } from '../db/sql-rows.ts';
import { tradingModule } from '../index.ts';

let t: TestApp;
let auth: { authorization: string };
let orgId: string;

beforeAll(async () => {
  t = await createTestApp({ modules: [tradingModule] });
  const org = await t.createOrg();
  orgId = org.orgId;
  auth = { authorization: `Bearer ${org.ownerKey}` };
  await call('POST', '/api/trading/assets', { symbol: 'BTC', name: 'Bitcoin', priceCurrency: 'USD' });
  const csv = 'timestamp,open,high,low,close,volume\n2024-01-02T00:00:00Z,1,1,1,40000,1\n2024-01-03T00:00:00Z,1,1,1,50000,1\n';
  expect((await call('POST', '/api/trading/prices/import', { asset: 'BTC', csv })).statusCode).toBe(201);
});
afterAll(async () => t?.close());

async function call(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
}
async function portfolio(name: string, quoteCurrency: string): Promise<string> {
  return (await call('POST', '/api/trading/portfolios', { name, quoteCurrency, costMethod: 'fifo' })).json<{ id: string }>().id;
}
const tradeCount = async () =>
  (await rows<{ n: number }>(t.platform.database.db, sql`select count(*)::int as n from trading.trades where org_id = ${orgId}`))[0]!.n;

describe('FX conversion with stored rates', () => {
  let eur: string;

  it('stores rates and refuses a zero rate or a pair of one currency, storing nothing', async () => {
    expect((await call('POST', '/api/trading/fx-rates', { rates: [{ base: 'EUR', quote: 'USD', at: '2024-01-01T00:00:00Z', rate: '1.25' }] })).statusCode).toBe(
      201,
    );
    const zero = await call('POST', '/api/trading/fx-rates', {
      rates: [
        { base: 'GBP', quote: 'USD', at: '2024-01-01T00:00:00Z', rate: '1.3' },
        { base: 'GBP', quote: 'USD', at: '2024-01-02T00:00:00Z', rate: '0' },
      ],
    });
    expect(zero.statusCode).toBe(400);
    expect(zero.json<{ error: { code: string } }>().error.code).toBe('TRADING_NEGATIVE_PRICE');
    const same = await call('POST', '/api/trading/fx-rates', { rates: [{ base: 'EUR', quote: 'EUR', at: '2024-01-01T00:00:00Z', rate: '1' }] });
    expect(same.statusCode).toBe(422);
    expect((await call('GET', '/api/trading/fx-rates')).json<{ rates: unknown[] }>().rates).toHaveLength(1);
  });

  it('a trade entered in USD into a EUR portfolio converts price and fee at the rate in force at trade time', async () => {
    eur = await portfolio('Euro', 'EUR');
    const res = await call('POST', `/api/trading/portfolios/${eur}/trades`, {
      trades: [{ asset: 'BTC', side: 'buy', quantity: '1', price: '40000', fee: '10', feeAsset: 'USD', quote: 'USD', executedAt: '2024-01-02T12:00:00Z' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const trades = (await call('GET', `/api/trading/portfolios/${eur}/trades`)).json<{ trades: TradeView[] }>().trades;
    // 1 USD = 1/1.25 = 0.8 EUR.
    expect(trades[0]).toMatchObject({ price: '32000', fee: '8', feeAsset: 'EUR' });
  });

  it('a trade before any rate is a 422 TRADING_FX_RATE_MISSING and writes nothing, never a silent rate of 1', async () => {
    const before = await tradeCount();
    const res = await call('POST', `/api/trading/portfolios/${eur}/trades`, {
      trades: [
        { asset: 'BTC', side: 'buy', quantity: '1', price: '100', executedAt: '2024-01-02T13:00:00Z' },
        { asset: 'BTC', side: 'buy', quantity: '1', price: '38000', quote: 'USD', executedAt: '2023-12-31T12:00:00Z' },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { code: string; details: { index: number; from: string; to: string } } }>().error).toMatchObject({
      code: 'TRADING_FX_RATE_MISSING',
      details: { index: 1, from: 'USD', to: 'EUR' },
    });
    expect(await tradeCount()).toBe(before);
  });

  it('values USD-priced holdings in EUR with the latest rate, and the daily series with each day’s rate', async () => {
    let v = (await call('GET', `/api/trading/portfolios/${eur}`)).json<{ valuation: Valuation }>().valuation;
    expect(v).toMatchObject({ complete: true, missingFxRates: [], marketValue: '40000', unrealized: '7992' });
    await call('POST', '/api/trading/fx-rates', { rates: [{ base: 'EUR', quote: 'USD', at: '2024-01-03T06:00:00Z', rate: '1.6' }] });
    v = (await call('GET', `/api/trading/portfolios/${eur}`)).json<{ valuation: Valuation }>().valuation;
    expect(v.marketValue).toBe('31250'); // 50000 USD x 0.625
    const perf = (await call('GET', `/api/trading/portfolios/${eur}/performance?end=2024-01-03T00:00:00Z`)).json<Performance>();
    expect(perf.series.map((p) => [p.date, p.value])).toEqual([
      ['2024-01-02', '32000'],
      ['2024-01-03', '31250'],
    ]);
  });

  it('without a rate the holdings are unpriced and marked, and the value series has a marked gap', async () => {
    const gbp = await portfolio('Sterling', 'GBP');
    await call('POST', `/api/trading/portfolios/${gbp}/trades`, {
      trades: [{ asset: 'BTC', side: 'buy', quantity: '0.5', price: '30000', executedAt: '2024-01-02T12:00:00Z' }],
    });
    const v = (await call('GET', `/api/trading/portfolios/${gbp}`)).json<{ valuation: Valuation }>().valuation;
    expect(v).toMatchObject({ complete: false, missingFxRates: ['USD/GBP'], marketValue: null, totalPnl: null });
    const perf = (await call('GET', `/api/trading/portfolios/${gbp}/performance?end=2024-01-03T00:00:00Z`)).json<Performance>();
    expect(perf.series[0]).toMatchObject({ value: null, missing: ['BTC'] });
    expect(perf.returns.timeWeighted).toBeNull();
    expect(perf.reasons.timeWeighted).toMatch(/gaps/);
  });

  it('paper orders refuse a portfolio in another currency than the feed instead of mixing currencies', async () => {
    const res = await call('POST', '/api/trading/orders', { portfolioId: eur, asset: 'BTC', side: 'buy', type: 'market', quantity: '0.01' });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('TRADING_QUOTE_MISMATCH');
  });
});
