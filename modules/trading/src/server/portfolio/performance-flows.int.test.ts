import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { sql } from 'drizzle-orm';
import type { Performance, TradeView, Valuation } from '../../contracts/index.ts';
import { tradingModule } from '../index.ts';

let t: TestApp;
let auth: { authorization: string };
let pid: string;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp({ modules: [tradingModule] });
  const org = await t.createOrg();
  orgId = org.orgId;
  auth = { authorization: `Bearer ${org.ownerKey}` };
  await inject('POST', '/api/trading/assets', { symbol: 'BTC', name: 'Bitcoin' });
  const csv = [
    'timestamp,open,high,low,close,volume',
    ...['01,100', '02,110', '03,121'].map((x) => `2024-01-${x.slice(0, 2)}T00:00:00Z,1,1,1,${x.slice(3)},1`),
  ].join('\n');
  expect((await inject('POST', '/api/trading/prices/import', { asset: 'BTC', csv })).statusCode).toBe(201);
  pid = (await inject('POST', '/api/trading/portfolios', { name: 'Flows', costMethod: 'fifo' })).json<{ id: string }>().id;
});
afterAll(async () => t?.close());

async function inject(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
}

describe('deposits and withdrawals in the performance API', () => {
  it('a deposit is cash and an external flow; withdrawing the idle cash is no loss in the time-weighted return but moves the money-weighted one', async () => {
    await inject('POST', `/api/trading/portfolios/${pid}/transfers`, { kind: 'deposit', asset: 'USD', amount: '300', at: '2024-01-01T09:00:00Z' });
    await inject('POST', `/api/trading/portfolios/${pid}/trades`, {
      trades: [{ asset: 'BTC', side: 'buy', quantity: '2', price: '100', executedAt: '2024-01-01T10:00:00Z' }],
    });
    const perf = async () => (await inject('GET', `/api/trading/portfolios/${pid}/performance?end=2024-01-03T00:00:00Z`)).json<Performance>();
    const before = await perf();
    // Holdings 2 x 121 + cash 100 = 342 on day 3; TWR = (220 + 100)/300 x (342/320) - 1 = 0.14.
    expect(before.series.map((p) => [p.date, p.value, p.cash, p.inflow, p.outflow])).toEqual([
      ['2024-01-01', '200', '100', '300', '0'],
      ['2024-01-02', '220', '100', '0', '0'],
      ['2024-01-03', '242', '100', '0', '0'],
    ]);
    expect(before.returns.timeWeighted).toBe('0.14');

    await inject('POST', `/api/trading/portfolios/${pid}/transfers`, { kind: 'withdrawal', asset: 'USD', amount: '100', at: '2024-01-01T18:00:00Z' });
    const after = await perf();
    expect(after.series[0]).toMatchObject({ cash: '0', inflow: '300', outflow: '100', netFlow: '200' });
    // (200 + 100)/300 x 220/200 x 242/220 - 1 = 0.21, BTC's own return: taking money out is not a loss...
    expect(after.returns.timeWeighted).toBe('0.21');
    // ...but the investor's own return does change.
    expect(after.returns.moneyWeighted).not.toBe(before.returns.moneyWeighted);
    expect(after.definitions.timeWeighted).toMatch(/neutralises external cash flows/);
    expect(after.definitions.moneyWeighted).toMatch(/includes the timing and size of external cash flows/);
  });

  it('a crypto transfer in and out is an external flow at market value: holdings move, the time-weighted return stays neutral', async () => {
    const cold = (await inject('POST', '/api/trading/portfolios', { name: 'Cold', costMethod: 'fifo' })).json<{ id: string }>().id;
    const transfer = (kind: string, amount: string, at: string) =>
      inject('POST', `/api/trading/portfolios/${cold}/transfers`, { kind, asset: 'BTC', amount, at });
    expect((await transfer('deposit', '1', '2024-01-01T12:00:00Z')).statusCode).toBe(201);
    expect((await transfer('withdrawal', '0.5', '2024-01-02T12:00:00Z')).statusCode).toBe(201);
    // Valued at the latest close at or before each transfer: 100 and 110.
    const trades = (await inject('GET', `/api/trading/portfolios/${cold}/trades`)).json<{ trades: TradeView[] }>().trades;
    expect(trades.map((x) => [x.side, x.quantity, x.price, x.source]).sort()).toEqual([
      ['buy', '1', '100', 'transfer'],
      ['sell', '0.5', '110', 'transfer'],
    ]);
    const perf = (await inject('GET', `/api/trading/portfolios/${cold}/performance?end=2024-01-03T00:00:00Z`)).json<Performance>();
    expect(perf.series.map((p) => [p.date, p.value, p.cash, p.inflow, p.outflow])).toEqual([
      ['2024-01-01', '100', '0', '100', '0'],
      ['2024-01-02', '55', '0', '0', '55'],
      ['2024-01-03', '60.5', '0', '0', '0'],
    ]);
    // 100/100 x (55 + 55)/100 x 60.5/55 - 1: BTC's own 21 %, the flows are neutral.
    expect(perf.returns.timeWeighted).toBe('0.21');
    // -100 (1+g)^2 + 55 (1+g) + 60.5 = 0 at g = 10 % a day.
    expect(Number(perf.returns.moneyWeighted) / (1.1 ** 365 - 1)).toBeCloseTo(1, 9);
    const holdings = (await inject('GET', `/api/trading/portfolios/${cold}`)).json<{ valuation: Valuation }>().valuation;
    expect(holdings.positions[0]).toMatchObject({ asset: 'BTC', quantity: '0.5', costBasis: '50', realized: '5' });
  });

  it('refuses a transfer out beyond holdings and one with no price at its time, writing nothing', async () => {
    const p = (await inject('POST', '/api/trading/portfolios', { name: 'Empty', costMethod: 'fifo' })).json<{ id: string }>().id;
    const out = await inject('POST', `/api/trading/portfolios/${p}/transfers`, { kind: 'withdrawal', asset: 'BTC', amount: '1', at: '2024-01-02T00:00:00Z' });
    expect([out.statusCode, out.json<{ error: { code: string } }>().error.code]).toEqual([422, 'TRADING_SELL_EXCEEDS_HOLDINGS']);
    const early = await inject('POST', `/api/trading/portfolios/${p}/transfers`, { kind: 'deposit', asset: 'BTC', amount: '1', at: '2023-12-01T00:00:00Z' });
    expect([early.statusCode, early.json<{ error: { code: string } }>().error.code]).toEqual([422, 'TRADING_PRICE_MISSING']);
    expect((await inject('GET', `/api/trading/portfolios/${p}/transfers`)).json<{ transfers: unknown[] }>().transfers).toEqual([]);
    expect((await inject('GET', `/api/trading/portfolios/${p}/trades`)).json<{ trades: unknown[] }>().trades).toEqual([]);
  });

  it('an asset transfer recorded before transfers moved holdings has no value: the flow-based returns say so', async () => {
    await t.platform.database.db.execute(
      sql`insert into trading.transfers (org_id, portfolio_id, kind, asset, amount, at) values (${orgId}, ${pid}, 'deposit', 'BTC', 1, '2024-01-02T12:00:00Z')`,
    );
    const perf = (await inject('GET', `/api/trading/portfolios/${pid}/performance?end=2024-01-03T00:00:00Z`)).json<Performance>();
    expect(perf.returns).toMatchObject({ timeWeighted: null, moneyWeighted: null });
    expect(perf.reasons.timeWeighted).toMatch(/transfers of BTC recorded before transfers moved holdings/);
    expect(perf.returns.simple).not.toBeNull();
  });
});
