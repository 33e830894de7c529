import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Response as InjectResponse } from 'light-my-request';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { rows } from '../db/sql-rows.ts';
import { tradingModule } from '../index.ts';

let t: TestApp;
let orgId: string;
let inject: (method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) => Promise<InjectResponse>;
let pid: string;

const candle = (day: string, close: string) => `2024-01-${day}T00:00:00Z,${close},${close},${close},${close},1000000`;
const importCandles = async (lines: string[]) => {
  const res = await inject('POST', '/api/trading/prices/import', { asset: 'BTC', csv: `timestamp,open,high,low,close,volume\n${lines.join('\n')}\n` });
  expect(res.statusCode, res.body).toBe(201);
};
const strategyOrders = (strategyId: string) =>
  rows<{ side: string; status: string; source: string; reject_code: string | null }>(
    t.platform.database.db,
    sql`select side, status, source, reject_code from trading.orders where org_id = ${orgId} and strategy_id = ${strategyId} order by created_at`,
  );

beforeAll(async () => {
  t = await createTestApp({ modules: [tradingModule] });
  const org = await t.createOrg();
  orgId = org.orgId;
  inject = (method, url, payload) => t.app.inject({ method, url, headers: { authorization: `Bearer ${org.ownerKey}` }, ...(payload ? { payload } : {}) });
  expect((await inject('POST', '/api/trading/assets', { symbol: 'BTC', name: 'Bitcoin' })).statusCode).toBe(201);
  // Flat at 100, then a jump to 130 on the last candle: with fast 2 / slow 3 the fast average
  // crosses above the slow one exactly there (2-day sum 230*3 = 690 > 3-day sum 330*2 = 660).
  await importCandles([candle('01', '100'), candle('02', '100'), candle('03', '100'), candle('04', '100'), candle('05', '130')]);
  pid = (await inject('POST', '/api/trading/portfolios', { name: 'Crossover', costMethod: 'fifo' })).json().id;
});
afterAll(async () => t?.close());

describe('moving-average crossover in paper mode', () => {
  it('places its orders through the pre-trade check: refused by a limit and by the kill switch, filled otherwise', async () => {
    const created = await inject('POST', '/api/trading/strategies', {
      portfolioId: pid,
      name: 'MA 2/3 BTC',
      kind: 'ma_crossover',
      asset: 'BTC',
      params: { fast: 2, slow: 3, quoteAmount: '260' },
      maxExposure: '100000',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;

    // 2 BTC at about 130 is a 260 order: a 100 order limit refuses it, and the refusal is stored.
    await inject('PUT', '/api/trading/risk/limits', { maxPositionNotional: '100000', maxOrderNotional: '100', maxOpenOrders: 10, maxDailyLoss: '100000' });
    const refused = await inject('POST', `/api/trading/strategies/${id}/run`);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.code).toBe('TRADING_RISK_REJECTED');
    expect(refused.json().error.details.reasons.join()).toMatch(/order notional/);
    expect(await strategyOrders(id)).toEqual([{ side: 'buy', status: 'rejected', source: 'strategy', reject_code: 'TRADING_RISK_REJECTED' }]);

    // The refused run did not consume the candle: with the limit raised the same crossover buys.
    await inject('PUT', '/api/trading/risk/limits', { maxPositionNotional: '100000', maxOrderNotional: '100000', maxOpenOrders: 10, maxDailyLoss: '100000' });
    const bought = await inject('POST', `/api/trading/strategies/${id}/run`);
    expect(bought.statusCode, bought.body).toBe(200);
    expect(bought.json()).toMatchObject({ action: 'buy', order: { side: 'buy', status: 'filled', filledQuantity: '2', source: 'strategy' } });
    expect((await inject('POST', `/api/trading/strategies/${id}/run`)).json()).toMatchObject({ action: 'hold', order: null });

    // A drop to 60 crosses back below (2-day 190*3 = 570 < 3-day 290*2 = 580): the signal is sell-all.
    await importCandles([candle('06', '60')]);
    await inject('PUT', '/api/trading/kill-switch', { mode: 'hard', reason: 'halt the bots' });
    const halted = await inject('POST', `/api/trading/strategies/${id}/run`);
    expect(halted.statusCode, halted.body).toBe(423);
    expect(halted.json().error.code).toBe('TRADING_KILL_SWITCH_ACTIVE');
    const held = (await inject('GET', `/api/trading/portfolios/${pid}`)).json().valuation.positions;
    expect(held).toMatchObject([{ asset: 'BTC', quantity: '2' }]);

    // A soft halt is reduce-only, so the crossover's sell goes through it and closes the position.
    await inject('PUT', '/api/trading/kill-switch', { mode: 'soft', reason: 'only reduce' });
    const sold = await inject('POST', `/api/trading/strategies/${id}/run`);
    expect(sold.statusCode, sold.body).toBe(200);
    expect(sold.json()).toMatchObject({ action: 'sell_all', order: { side: 'sell', status: 'filled', filledQuantity: '2', source: 'strategy' } });
    expect(await strategyOrders(id)).toEqual([
      { side: 'buy', status: 'rejected', source: 'strategy', reject_code: 'TRADING_RISK_REJECTED' },
      { side: 'buy', status: 'filled', source: 'strategy', reject_code: null },
      { side: 'sell', status: 'rejected', source: 'strategy', reject_code: 'TRADING_KILL_SWITCH_ACTIVE' },
      { side: 'sell', status: 'filled', source: 'strategy', reject_code: null },
    ]);
  });

  it('a soft halt still refuses the crossover buy, since a buy adds to the position', async () => {
    const created = await inject('POST', '/api/trading/strategies', {
      portfolioId: pid,
      name: 'MA 1/2 BTC',
      kind: 'ma_crossover',
      asset: 'BTC',
      params: { fast: 1, slow: 2, quoteAmount: '60' },
      maxExposure: '100000',
    });
    const id = created.json<{ id: string }>().id;
    // 60 then 90: the 1-day close (90*2 = 180) crosses above the 2-day average (150*1 = 150), after 130 -> 60 was below.
    await importCandles([candle('07', '90')]);
    const refused = await inject('POST', `/api/trading/strategies/${id}/run`);
    expect(refused.statusCode, refused.body).toBe(423);
    expect(refused.json().error.code).toBe('TRADING_KILL_SWITCH_ACTIVE');
    expect(await strategyOrders(id)).toEqual([{ side: 'buy', status: 'rejected', source: 'strategy', reject_code: 'TRADING_KILL_SWITCH_ACTIVE' }]);
  });
});
