import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response as InjectResponse } from 'light-my-request';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { tradingModule } from '../index.ts';

let t: TestApp;
let inject: (method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) => Promise<InjectResponse>;
let pid: string;

beforeAll(async () => {
  t = await createTestApp({ modules: [tradingModule] });
  const org = await t.createOrg();
  inject = (method, url, payload) => t.app.inject({ method, url, headers: { authorization: `Bearer ${org.ownerKey}` }, ...(payload ? { payload } : {}) });
  expect((await inject('POST', '/api/trading/prices/synthetic', { days: 120, seed: 7, endDate: '2024-06-30T00:00:00Z' })).statusCode).toBe(201);
  pid = (await inject('POST', '/api/trading/portfolios', { name: 'Bots', costMethod: 'fifo' })).json().id;
});
afterAll(async () => t?.close());

describe('paper strategies', () => {
  it('a DCA strategy runs in paper mode through the pre-trade check, once per candle', async () => {
    const s = await inject('POST', '/api/trading/strategies', {
      portfolioId: pid,
      name: 'DCA BTC',
      kind: 'dca',
      asset: 'BTC',
      params: { quoteAmount: '250', everyDays: 1 },
      maxExposure: '1000',
    });
    expect(s.statusCode).toBe(201);
    const run = await inject('POST', `/api/trading/strategies/${s.json().id}/run`);
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ action: 'buy', order: { status: 'filled', source: 'strategy' } });
    expect((await inject('POST', `/api/trading/strategies/${s.json().id}/run`)).json()).toMatchObject({
      action: 'hold',
      reason: 'already evaluated on the latest candle',
    });
    const report = await inject('POST', `/api/trading/strategies/${s.json().id}/backtest`, { days: 60 });
    expect(report.statusCode).toBe(200);
    // 250 a day against a 1000 exposure cap: three buys fill (slippage and fees push cost over 750), the
    // fourth would exceed the cap, so the check rejects it and every later one.
    expect(report.json()).toMatchObject({ candles: 60, trades: 3, rejected: 57 });
  });

  it('rejects mismatched params and negative amounts', async () => {
    const bad = await inject('POST', '/api/trading/strategies', {
      portfolioId: pid,
      name: 'x',
      kind: 'ma_crossover',
      asset: 'BTC',
      params: { quoteAmount: '-5', everyDays: 1 },
      maxExposure: '1',
    });
    expect(bad.statusCode).toBe(400);
    const neg = await inject('POST', '/api/trading/strategies', {
      portfolioId: pid,
      name: 'x',
      kind: 'dca',
      asset: 'BTC',
      params: { quoteAmount: '-5', everyDays: 1 },
      maxExposure: '1',
    });
    expect(neg.json().error.code).toBe('TRADING_NON_POSITIVE_QUANTITY');
  });
});
