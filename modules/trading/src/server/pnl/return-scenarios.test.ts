import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDec, formatFixed, parseDec, type Dec } from '../decimal/fixed-decimal.ts';
import type { EngineTrade } from './portfolio-book.ts';
import { dailyValueSeries, dayOf, externalFlowsOf, moneyWeightedReturn, timeWeightedReturn, type CashTransfer } from './returns.ts';

interface ReturnFixture {
  name: string;
  hand: string;
  trades: { asset: string; side: 'buy' | 'sell'; quantity: string; price: string; fee: string; feeIn: 'quote' | 'base'; time: string }[];
  transfers: { kind: 'deposit' | 'withdrawal'; amount: string; time: string }[];
  /** Per asset, [date, close] steps; a close holds until the next step (the fixture's convenience, not the engine's). */
  closes: Record<string, [string, string][]>;
  end: string;
  expect: {
    timeWeighted: string | null;
    /** Six decimal places: the rate is found by bisection. */
    moneyWeighted?: string | null;
    days: Record<string, { value: string; cash: string; inflow: string; outflow: string }>;
  };
}

const dir = new URL('./return-fixtures/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as ReturnFixture);

function closeLookup(fx: ReturnFixture) {
  return (asset: string, day: number): Dec | undefined => {
    let found: string | undefined;
    for (const [date, close] of fx.closes[asset] ?? []) if (dayOf(Date.parse(`${date}T00:00:00Z`)) <= day) found = close;
    return found === undefined ? undefined : parseDec(found);
  };
}

describe('returns with deposits and withdrawals (hand-computed fixtures)', () => {
  it('has fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(4));

  for (const fx of fixtures) {
    it(fx.name, () => {
      const trades: EngineTrade[] = fx.trades.map((t) => ({
        asset: t.asset,
        side: t.side,
        quantity: parseDec(t.quantity),
        price: parseDec(t.price),
        fee: parseDec(t.fee),
        feeIn: t.feeIn,
        time: Date.parse(t.time),
      }));
      const transfers: CashTransfer[] = fx.transfers.map((t) => ({ kind: t.kind, amount: parseDec(t.amount), time: Date.parse(t.time) }));
      const endDay = dayOf(Date.parse(`${fx.end}T00:00:00Z`));
      const series = dailyValueSeries('fifo', trades, closeLookup(fx), endDay, transfers);
      for (const [date, want] of Object.entries(fx.expect.days)) {
        const p = series.find((x) => x.date === date)!;
        expect(
          { value: p.value === null ? null : formatDec(p.value), cash: formatDec(p.cash), inflow: formatDec(p.inflow), outflow: formatDec(p.outflow) },
          date,
        ).toEqual(want);
      }
      const twr = timeWeightedReturn(series).value;
      expect(twr === null ? null : formatDec(twr)).toBe(fx.expect.timeWeighted);
      if (fx.expect.moneyWeighted !== undefined) {
        const last = series[series.length - 1]!;
        const mwr = moneyWeightedReturn(externalFlowsOf(series, last.value! + last.cash, endDay)).value;
        expect(mwr === null ? null : formatFixed(mwr, 6)).toBe(fx.expect.moneyWeighted);
      }
    });
  }
});
