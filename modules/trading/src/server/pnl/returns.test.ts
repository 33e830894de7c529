import { describe, expect, it } from 'vitest';
import { formatDec, formatFixed, parseDec } from '../decimal/fixed-decimal.ts';
import type { EngineTrade } from './portfolio-book.ts';
import { dailyValueSeries, dailyValueSeriesYielding, externalFlowsOf, dayOf, moneyWeightedReturn, simpleReturn, timeWeightedReturn } from './returns.ts';
import { generateHistory } from './history-generator.ts';

const d = (iso: string) => Date.parse(`${iso}T12:00:00Z`);
const buy = (q: string, p: string, day: string): EngineTrade => ({
  asset: 'BTC',
  side: 'buy',
  quantity: parseDec(q),
  price: parseDec(p),
  fee: 0n,
  feeIn: 'quote',
  time: d(day),
});

describe('returns with stated definitions', () => {
  it('simple return is total P&L over invested', () => {
    expect(formatDec(simpleReturn(parseDec('25'), parseDec('200')).value!)).toBe('0.125');
    expect(simpleReturn(parseDec('5'), 0n)).toEqual({ value: null, reason: 'nothing was invested' });
  });

  it('time-weighted return ignores the timing of added money', () => {
    // Day 1: buy 1 at 100 (close 100). Day 2: close 110 (+10%). Day 3: buy 1 at 110, close 121 (+10%).
    const closes: Record<string, string> = { '2024-01-01': '100', '2024-01-02': '110', '2024-01-03': '121' };
    const trades = [buy('1', '100', '2024-01-01'), buy('1', '110', '2024-01-03')];
    const series = dailyValueSeries(
      'fifo',
      trades,
      (_a, day) =>
        closes[new Date(day * 86_400_000).toISOString().slice(0, 10)] ? parseDec(closes[new Date(day * 86_400_000).toISOString().slice(0, 10)]!) : undefined,
      dayOf(d('2024-01-03')),
    );
    expect(series.map((p) => (p.value === null ? null : formatDec(p.value)))).toEqual(['100', '110', '242']);
    expect(formatDec(timeWeightedReturn(series).value!)).toBe('0.21');
  });

  it('a missing close is a marked gap, and the time-weighted return says so instead of guessing', () => {
    const trades = [buy('1', '100', '2024-01-01')];
    const series = dailyValueSeries('fifo', trades, (_a, day) => (day === dayOf(d('2024-01-02')) ? undefined : parseDec('100')), dayOf(d('2024-01-03')));
    expect(series[1]).toMatchObject({ date: '2024-01-02', value: null, missing: ['BTC'] });
    const twr = timeWeightedReturn(series);
    expect(twr.value).toBeNull();
    expect(twr.reason).toContain('2024-01-02');
  });

  it('money-weighted return: 100 out, 110 back a year later is 10% a year', () => {
    const trades = [buy('1', '100', '2023-01-01')];
    const end = dayOf(d('2023-01-01')) + 365;
    const series = dailyValueSeries('fifo', trades, () => parseDec('100'), dayOf(d('2023-01-01')));
    const flows = externalFlowsOf(series, parseDec('110'), end);
    const r = moneyWeightedReturn(flows);
    expect(formatFixed(r.value!, 6)).toBe('0.100000');
  });

  it('money-weighted return reports when no rate exists', () => {
    const r = moneyWeightedReturn([
      { day: 0, amount: parseDec('100') },
      { day: 10, amount: parseDec('100') },
    ]);
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/no sign change/);
  });
});

describe('the value series of a long history', () => {
  it('gives the event loop back while it computes 100,000 trades, with the same result as in one piece', async () => {
    const trades = generateHistory({ seed: 5, trades: 100_000, assets: 50 }).map((w) => ({
      asset: w.asset,
      side: w.side,
      quantity: parseDec(w.quantity),
      price: parseDec(w.price),
      fee: parseDec(w.fee),
      feeIn: w.feeIn,
      time: w.time,
    }));
    const end = dayOf(trades.at(-1)!.time);
    const close = () => parseDec('100');
    // Other work queued on the event loop while the series runs: it gets a turn at every pause.
    // With a zero slice the series pauses after each day and every 1,000 trades (465 times here), so
    // the count does not depend on how busy the machine is; the production slice (8 ms) and the
    // longest gap it leaves are measured by bench/trading/pnl.bench.ts.
    let turns = 0;
    let done = false;
    const other = () => {
      turns++;
      if (!done) setImmediate(other);
    };
    setImmediate(other);
    const { points } = await dailyValueSeriesYielding('fifo', trades, close, end, [], 0);
    done = true;
    expect(turns).toBeGreaterThanOrEqual(400);
    expect(points).toEqual(dailyValueSeries('fifo', trades, close, end));
  });
});
