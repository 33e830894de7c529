import { div, parseDec, roundTo, type Dec } from '../decimal/fixed-decimal.ts';

export type StrategyKind = 'dca' | 'ma_crossover';
export interface DcaParams {
  quoteAmount: string;
  everyDays: number;
}
export interface MaParams {
  fast: number;
  slow: number;
  quoteAmount: string;
}
export type StrategyParams = DcaParams | MaParams;

export type Signal = { action: 'buy'; quantity: Dec } | { action: 'sell_all' } | { action: 'hold'; reason: string };

/** Buy quantity for a quote amount, floored to 8 places (what exchanges accept). */
function qtyFor(quote: Dec, price: Dec): Dec {
  if (price <= 0n) return 0n;
  const q = div(quote, price);
  const r = roundTo(q, 8);
  return r > q ? r - 10n ** 10n : r;
}

/**
 * The signal on the last of `closes` (oldest first). DCA buys every `everyDays` candles counted
 * from `index`; the crossover buys when the fast average crosses above the slow one and sells
 * everything when it crosses below (averages compared as cross-multiplied sums, exactly).
 */
export function signalAt(kind: StrategyKind, params: StrategyParams, closes: readonly Dec[], index: number): Signal {
  const last = closes[closes.length - 1];
  if (last === undefined) return { action: 'hold', reason: 'no prices' };
  if (kind === 'dca') {
    const p = params as DcaParams;
    if (index % Math.max(1, p.everyDays) !== 0) return { action: 'hold', reason: 'not a buying day' };
    const q = qtyFor(parseDec(p.quoteAmount), last);
    return q > 0n ? { action: 'buy', quantity: q } : { action: 'hold', reason: 'amount too small' };
  }
  const p = params as MaParams;
  if (closes.length < p.slow + 1) return { action: 'hold', reason: `needs ${p.slow + 1} closes` };
  const sum = (from: number, n: number) => closes.slice(from - n, from).reduce((a, b) => a + b, 0n);
  const n = closes.length;
  const rel = (end: number) => sum(end, p.fast) * BigInt(p.slow) - sum(end, p.slow) * BigInt(p.fast);
  const now = rel(n);
  const before = rel(n - 1);
  if (before <= 0n && now > 0n) {
    const q = qtyFor(parseDec(p.quoteAmount), last);
    return q > 0n ? { action: 'buy', quantity: q } : { action: 'hold', reason: 'amount too small' };
  }
  if (before >= 0n && now < 0n) return { action: 'sell_all' };
  return { action: 'hold', reason: 'no crossover' };
}
