import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import type { CostMethod } from './lot-book.ts';
import { PortfolioBook, revalue, TradeRejectedError, type EngineTrade } from './portfolio-book.ts';
import { simpleReturn } from './returns.ts';

interface FixtureTrade {
  asset: string;
  side: 'buy' | 'sell';
  quantity: string;
  price: string;
  fee: string;
  feeIn: 'quote' | 'base';
  time: string;
}
interface Expectation {
  realized: string;
  quantity: string;
  costBasis: string;
  unrealized: string | null;
  fees?: string;
  error?: string;
  missing?: string[];
  simpleReturn?: string | null;
}
interface Fixture {
  name: string;
  methods: Partial<Record<CostMethod, Expectation>>;
  trades: FixtureTrade[];
  prices: Record<string, string>;
}

const dir = new URL('./fixtures/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, fx: JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Fixture }));

export function toEngineTrade(t: FixtureTrade): EngineTrade {
  return {
    asset: t.asset,
    side: t.side,
    quantity: parseDec(t.quantity),
    price: parseDec(t.price),
    fee: parseDec(t.fee),
    feeIn: t.feeIn,
    time: Date.parse(t.time),
  };
}

describe('P&L scenarios from hand-computed fixtures', () => {
  it('has fixtures to run', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
  });
  for (const { file, fx } of fixtures) {
    for (const [method, exp] of Object.entries(fx.methods) as [CostMethod, Expectation][]) {
      it(`${file} [${method}]: ${fx.name}`, () => {
        const book = new PortfolioBook(method);
        let error: string | null = null;
        for (const t of fx.trades) {
          try {
            book.apply(toEngineTrade(t));
          } catch (err) {
            if (!(err instanceof TradeRejectedError)) throw err;
            error = err.code;
          }
        }
        expect(error).toBe(exp.error ?? null);
        const prices = new Map(Object.entries(fx.prices).map(([k, v]) => [k, parseDec(v)]));
        const val = revalue(book.positions(), (a) => prices.get(a));
        expect(formatDec(val.realized)).toBe(exp.realized);
        const pos = val.positions[0]!;
        expect(formatDec(pos.quantity)).toBe(exp.quantity);
        expect(formatDec(pos.costBasis)).toBe(exp.costBasis);
        expect(val.unrealized === null ? null : formatDec(val.unrealized)).toBe(exp.unrealized);
        if (exp.fees !== undefined) expect(formatDec(pos.fees)).toBe(exp.fees);
        if (exp.missing) {
          expect(val.missingPrices).toEqual(exp.missing);
          expect(val.complete).toBe(false);
          expect(val.marketValue).toBeNull();
        }
        if (exp.simpleReturn !== undefined) {
          const r = simpleReturn(val.realized + (val.unrealized ?? 0n), val.invested);
          expect(r.value === null ? null : formatDec(r.value)).toBe(exp.simpleReturn);
        }
      });
    }
  }
});
