import { describe, expect, it } from 'vitest';
import { fromInt, parseDec } from '../decimal/fixed-decimal.ts';
import { runBacktest } from './backtest.ts';
import { signalAt } from './strategy-signals.ts';

const limits = { version: 1, maxPositionNotional: fromInt(1_000_000), maxOrderNotional: fromInt(100_000), maxOpenOrders: 10, maxDailyLoss: fromInt(1_000_000) };
const candle = (day: number, close: string) => {
  const c = parseDec(close);
  return { ts: new Date(Date.UTC(2024, 0, 1 + day)), open: c, high: c, low: c, close: c, volume: fromInt(1_000_000) };
};

describe('strategies and backtest', () => {
  it('moving-average crossover buys on the cross up and sells everything on the cross down', () => {
    const closes = ['10', '10', '10', '12', '14', '9', '8'].map(parseDec);
    const p = { fast: 2, slow: 3, quoteAmount: '100' };
    expect(signalAt('ma_crossover', p, closes.slice(0, 4), 3)).toMatchObject({ action: 'buy' });
    expect(signalAt('ma_crossover', p, closes.slice(0, 5), 4)).toMatchObject({ action: 'hold' });
    expect(signalAt('ma_crossover', p, closes.slice(0, 6), 5)).toMatchObject({ action: 'sell_all' });
  });

  it('DCA over 10 days buys every 2 days with fees and reports exact P&L', () => {
    const candles = Array.from({ length: 10 }, (_, i) => candle(i, String(100 + i * 10)));
    const r = runBacktest({ asset: 'BTC', kind: 'dca', params: { quoteAmount: '100', everyDays: 2 }, candles, limits, maxExposure: fromInt(10_000) });
    expect(r.trades).toBe(5);
    expect(r.rejected).toBe(0);
    expect(r.curve).toHaveLength(10);
    expect(parseDec(r.fees) > 0n).toBe(true);
    // Every unit is valued at the last close; P&L = value - cost, exactly.
    expect(parseDec(r.totalPnl)).toBe(parseDec(r.unrealized));
  });

  it('the pre-trade check applies in backtests: strategy exposure caps buying', () => {
    const candles = Array.from({ length: 10 }, (_, i) => candle(i, '100'));
    const r = runBacktest({ asset: 'BTC', kind: 'dca', params: { quoteAmount: '100', everyDays: 1 }, candles, limits, maxExposure: fromInt(250) });
    expect(r.trades).toBe(2);
    expect(r.rejected).toBe(8);
    expect(r.rejections[0]).toMatch(/strategy exposure/);
  });
});
