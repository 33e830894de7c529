import { div, mul, ONE, SCALE, type Dec } from '../decimal/fixed-decimal.ts';
import { PortfolioBook, type EngineTrade } from './portfolio-book.ts';
import type { CostMethod } from './lot-book.ts';

/*
 * Return definitions (all exact decimals, ratios rounded half-to-even at 1e-18). The portfolio holds
 * assets and quote-currency cash. External cash flows are deposits and withdrawals of the quote
 * currency; a buy that costs more than the cash on hand is funded by an implicit deposit of the
 * shortfall (so a portfolio recorded with trades only behaves as if each purchase was paid in), and
 * sale proceeds stay in the portfolio as cash. A transfer of another asset in or out is an external
 * flow of its market value at the transfer (counted like a deposit or a withdrawal; no cash moves). Deposits count at the start of their day,
 * withdrawals at its end. Total value V_t = holdings at the day's close + cash.
 * - simple return   = (realized + unrealized) / invested, where invested is the total quote spent on
 *                     acquisitions including fees. "How much did I make per unit of money I put in."
 * - time-weighted   = product over days of (V_t + W_t) / (V_(t-1) + D_t), minus 1, with D_t the
 *                     day's deposits (explicit and implicit) and W_t its withdrawals. Days that start
 *                     with nothing in the portfolio are skipped. Neutralises external cash flows: it
 *                     measures the investments, not when money was added or taken out.
 * - money-weighted  = the daily rate g solving sum_i CF_i * (1+g)^(D - d_i) = 0 (future-value form
 *                     of XIRR with integer day counts: deposits are outflows of the investor,
 *                     withdrawals inflows, the final total value an inflow on the last day), found by
 *                     bisection in fixed point and reported annualised as (1+g)^365 - 1. Includes the
 *                     external flows: it is the investor's own rate of return.
 */

export const DAY_MS = 86_400_000;

export interface ValuePoint {
  date: string;
  /** Holdings' closing value; null marks a gap (a held asset had no price that day). */
  value: Dec | null;
  missing: string[];
  /** Quote-currency cash in the portfolio at the end of the day. */
  cash: Dec;
  /** External money in (deposits and implicit funding of buys) and out (withdrawals) that day. */
  inflow: Dec;
  outflow: Dec;
  netFlow: Dec;
  realized: Dec;
  costBasis: Dec;
}

export type PriceLookup = (asset: string, day: number) => Dec | undefined;

/** A deposit or withdrawal of the portfolio's quote currency. */
export interface CashTransfer {
  kind: 'deposit' | 'withdrawal';
  amount: Dec;
  time: number;
}

export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Daily closing values from the first trade or transfer to `endDay`; both in time order. */
export function dailyValueSeries(
  method: CostMethod,
  trades: readonly EngineTrade[],
  closeOf: PriceLookup,
  endDay: number,
  transfers: readonly CashTransfer[] = [],
): ValuePoint[] {
  const steps = seriesSteps(method, trades, closeOf, endDay, transfers);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value.points;
  }
}

/**
 * The same series for a request handler: it gives the event loop back whenever a slice of work
 * has taken `sliceMs`, so a long history (100,000 trades take ~80 ms) never blocks other requests
 * for long. Also returns the total invested (the simple return's denominator) from the same replay.
 */
export async function dailyValueSeriesYielding(
  method: CostMethod,
  trades: readonly EngineTrade[],
  closeOf: PriceLookup,
  endDay: number,
  transfers: readonly CashTransfer[] = [],
  sliceMs = 8,
): Promise<{ points: ValuePoint[]; invested: Dec }> {
  const steps = seriesSteps(method, trades, closeOf, endDay, transfers);
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** Pauses (yields) every 1,000 trades and once a day, so a caller can interleave other work. */
function* seriesSteps(
  method: CostMethod,
  trades: readonly EngineTrade[],
  closeOf: PriceLookup,
  endDay: number,
  transfers: readonly CashTransfer[],
): Generator<void, { points: ValuePoint[]; invested: Dec }> {
  const starts = [trades[0]?.time, transfers[0]?.time].filter((x): x is number => x !== undefined);
  if (!starts.length) return { points: [], invested: 0n };
  const book = new PortfolioBook(method);
  const out: ValuePoint[] = [];
  let i = 0;
  let j = 0;
  let cash = 0n;
  for (let day = dayOf(Math.min(...starts)); day <= endDay; day++) {
    let inflow = 0n;
    let outflow = 0n;
    const withdrawals: Dec[] = [];
    for (; j < transfers.length && dayOf(transfers[j]!.time) === day; j++) {
      const x = transfers[j]!;
      if (x.kind === 'deposit') {
        inflow += x.amount;
        cash += x.amount;
      } else withdrawals.push(x.amount);
    }
    while (i < trades.length && dayOf(trades[i]!.time) === day) {
      const t = trades[i++]!;
      const gross = mul(t.quantity, t.price);
      const feeQuote = t.feeIn === 'quote' ? t.fee : 0n;
      if (t.flow) {
        // An asset moved in or out at its market value: external money in kind, no cash changes hands.
        if (t.side === 'buy') inflow += gross;
        else outflow += gross;
      } else if (t.side === 'buy') {
        const cost = gross + feeQuote;
        const onHand = cash > 0n ? cash : 0n;
        if (cost > onHand) {
          inflow += cost - onHand;
          cash += cost - onHand;
        }
        cash -= cost;
      } else cash += gross - feeQuote;
      book.apply(t);
      if (i % 1000 === 0) yield;
    }
    for (const w of withdrawals) {
      outflow += w;
      cash -= w;
    }
    let value: Dec = 0n;
    const missing: string[] = [];
    let realized = 0n;
    let costBasis = 0n;
    for (const p of book.positions()) {
      realized += p.realized;
      costBasis += p.costBasis;
      if (p.quantity === 0n) continue;
      const px = closeOf(p.asset, day);
      if (px === undefined) missing.push(p.asset);
      else value += mul(p.quantity, px);
    }
    out.push({ date: dateOf(day), value: missing.length ? null : value, missing, cash, inflow, outflow, netFlow: inflow - outflow, realized, costBasis });
    yield;
  }
  return { points: out, invested: book.positions().reduce((a, p) => a + p.invested, 0n) };
}

export interface ReturnResult {
  value: Dec | null;
  /** Why there is no value (gaps, no invested capital, no sign change), stated rather than guessed. */
  reason: string | null;
}

export function simpleReturn(totalPnl: Dec, invested: Dec): ReturnResult {
  if (invested === 0n) return { value: null, reason: 'nothing was invested' };
  return { value: div(totalPnl, invested), reason: null };
}

export function timeWeightedReturn(series: readonly ValuePoint[]): ReturnResult {
  const gaps = series.filter((p) => p.value === null).map((p) => p.date);
  if (gaps.length) return { value: null, reason: `price gaps on ${gaps.slice(0, 5).join(', ')}${gaps.length > 5 ? ' ...' : ''}` };
  let growth = ONE;
  let prev: Dec = 0n;
  let periods = 0;
  for (const p of series) {
    const total = p.value! + p.cash;
    const start = prev + p.inflow;
    if (start > 0n) {
      growth = mul(growth, div(total + p.outflow, start));
      periods++;
    }
    prev = total;
  }
  if (periods === 0) return { value: null, reason: 'no day with capital at work' };
  return { value: growth - ONE, reason: null };
}

export interface CashFlow {
  day: number;
  amount: Dec;
}

/** Money-weighted return, annualised; see the definitions above. */
export function moneyWeightedReturn(flows: readonly CashFlow[]): ReturnResult {
  if (flows.length < 2) return { value: null, reason: 'needs at least two cash flows' };
  const byDay = new Map<number, Dec>();
  for (const f of flows) byDay.set(f.day, (byDay.get(f.day) ?? 0n) + f.amount);
  const days = [...byDay.entries()].sort((a, b) => a[0] - b[0]);
  const last = days[days.length - 1]![0];
  const fv = (g: Dec): Dec => {
    let sum = 0n;
    for (const [d, a] of days) sum += mul(a, pow(ONE + g, last - d));
    return sum;
  };
  let lo = -(SCALE / 2n); // -50% a day
  let hi = SCALE / 2n; // +50% a day
  let flo = fv(lo);
  const fhi = fv(hi);
  if (flo === 0n) return { value: annualise(lo), reason: null };
  if (flo > 0n === fhi > 0n) return { value: null, reason: 'the cash flows have no single rate of return (no sign change)' };
  for (let k = 0; k < 90 && hi - lo > 1n; k++) {
    const mid = (lo + hi) / 2n;
    const fm = fv(mid);
    if (fm === 0n) {
      lo = hi = mid;
      break;
    }
    if (fm > 0n === flo > 0n) {
      lo = mid;
      flo = fm;
    } else hi = mid;
  }
  return { value: annualise((lo + hi) / 2n), reason: null };
}

function annualise(g: Dec): Dec {
  return pow(ONE + g, 365) - ONE;
}

/** x^n for a fixed-point x and integer n >= 0 by squaring (rounded at each step). */
export function pow(x: Dec, n: number): Dec {
  let result = ONE;
  let base = x;
  let e = n;
  while (e > 0) {
    if (e & 1) result = mul(result, base);
    base = mul(base, base);
    e >>= 1;
  }
  return result;
}

/** The investor's cash flows for the money-weighted return: deposits out, withdrawals in, final total value in. */
export function externalFlowsOf(series: readonly ValuePoint[], finalTotal: Dec, endDay: number): CashFlow[] {
  const flows: CashFlow[] = [];
  for (const p of series) {
    const day = dayOf(Date.parse(`${p.date}T00:00:00Z`));
    if (p.inflow) flows.push({ day, amount: -p.inflow });
    if (p.outflow) flows.push({ day, amount: p.outflow });
  }
  flows.push({ day: endDay, amount: finalTotal });
  return flows;
}
