import type { Db } from '@tessera/core';
import { formatDec, mul, parseDec, type Dec } from '../decimal/fixed-decimal.ts';
import { fxDailyLookup, fxRateAt, priceCurrencies } from '../fx/fx-repository.ts';
import { revalue, type EngineTrade, type PortfolioValuation } from '../pnl/portfolio-book.ts';
import { dailyValueSeriesYielding, dayOf, externalFlowsOf, moneyWeightedReturn, simpleReturn, timeWeightedReturn, type CashTransfer } from '../pnl/returns.ts';
import { decodeSnapshot } from '../pnl/snapshot-codec.ts';
import { positionsOf, tradesOf, transfersOf, type PortfolioRow } from './portfolio-repository.ts';
import { dailyCloses, latestCandles } from './price-repository.ts';

const s = (v: Dec | null): string | null => (v === null ? null : formatDec(v));

export function valuationView(v: PortfolioValuation, pricedAt: Map<string, Date>, missingFxRates: string[] = []) {
  return {
    complete: v.complete,
    missingFxRates,
    missingPrices: v.missingPrices,
    realized: formatDec(v.realized),
    unrealized: s(v.unrealized),
    unrealizedPriced: formatDec(v.unrealizedPriced),
    totalPnl: v.unrealized === null ? null : formatDec(v.realized + v.unrealized),
    marketValue: s(v.marketValue),
    costBasis: formatDec(v.costBasis),
    invested: formatDec(v.invested),
    fees: formatDec(v.fees),
    simpleReturn: s(v.unrealized === null ? null : simpleReturn(v.realized + v.unrealized, v.invested).value),
    positions: v.positions.map((p) => ({
      asset: p.asset,
      quantity: formatDec(p.quantity),
      costBasis: formatDec(p.costBasis),
      averageCost: s(p.averageCost),
      realized: formatDec(p.realized),
      fees: formatDec(p.fees),
      price: s(p.price),
      pricedAt: pricedAt.get(p.asset)?.toISOString() ?? null,
      marketValue: s(p.marketValue),
      unrealized: s(p.unrealized),
      status: p.status,
    })),
  };
}

/**
 * Converts closes quoted in another currency than the portfolio's with the latest stored rate at
 * or before `at`. A missing rate leaves the asset unpriced (so it is marked, never valued at 1).
 */
async function pricesInQuote(db: Db, orgId: string, quote: string, closes: Map<string, Dec>, at: Date) {
  const currencies = await priceCurrencies(db, orgId, [...closes.keys()]);
  const rates = new Map<string, Dec | null>();
  const prices = new Map<string, Dec>();
  const missingFx = new Set<string>();
  for (const [asset, close] of closes) {
    const cur = currencies.get(asset) ?? quote;
    if (cur === quote) {
      prices.set(asset, close);
      continue;
    }
    if (!rates.has(cur)) rates.set(cur, await fxRateAt(db, orgId, cur, quote, at));
    const rate = rates.get(cur)!;
    if (rate === null) missingFx.add(`${cur}/${quote}`);
    else prices.set(asset, mul(close, rate));
  }
  return { prices, missingFx: [...missingFx] };
}

/** Reads the stored (incremental) position state and revalues it against the latest prices. */
export async function valuePortfolio(db: Db, orgId: string, portfolio: PortfolioRow) {
  const stored = await positionsOf(db, orgId, portfolio.id);
  const states = stored.map((r) => decodeSnapshot(r.state));
  const candles = await latestCandles(
    db,
    orgId,
    states.map((p) => p.asset),
  );
  const closes = new Map([...candles].map(([a, c]) => [a, parseDec(c.close)]));
  const { prices, missingFx } = await pricesInQuote(db, orgId, portfolio.quote_currency, closes, new Date());
  const v = revalue(states, (a) => prices.get(a));
  return { valuation: v, view: valuationView(v, new Map([...candles].map(([a, c]) => [a, c.ts])), missingFx) };
}

/** Total P&L over all of a user's portfolios (the risk engine's equity); throws if a price is missing. */
export async function equityOf(db: Db, orgId: string, portfolios: PortfolioRow[]): Promise<Dec> {
  let total = 0n;
  for (const p of portfolios) {
    const { valuation } = await valuePortfolio(db, orgId, p);
    if (valuation.unrealized === null) throw new Error(`no price for ${valuation.missingPrices.join(', ')}`);
    total += valuation.realized + valuation.unrealized;
  }
  return total;
}

export async function portfolioPerformance(db: Db, orgId: string, portfolio: PortfolioRow, endMs: number) {
  const rowsT = await tradesOf(db, orgId, portfolio.id);
  // Parsed in slices (100,000 trades take ~100 ms): a long history must not block other requests.
  const trades: EngineTrade[] = [];
  for (let i = 0; i < rowsT.length; i += 5_000) {
    if (i) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const r of rowsT.slice(i, i + 5_000))
      trades.push({
        asset: r.asset,
        side: r.side,
        quantity: parseDec(r.quantity),
        price: parseDec(r.price),
        fee: parseDec(r.fee),
        feeIn: r.fee_asset === r.asset ? 'base' : 'quote',
        time: new Date(r.executed_at).getTime(),
        flow: r.source === 'transfer',
      });
  }
  const allTransfers = await transfersOf(db, orgId, portfolio.id);
  // Only quote-currency transfers are cash flows here.
  const transfers: CashTransfer[] = allTransfers
    .filter((x) => x.asset === portfolio.quote_currency)
    .map((x) => ({ kind: x.kind === 'withdrawal' ? 'withdrawal' : 'deposit', amount: parseDec(x.amount), time: new Date(x.at).getTime() }));
  if (!trades.length && !transfers.length)
    return {
      series: [],
      returns: { simple: null, timeWeighted: null, moneyWeighted: null },
      reasons: { simple: 'no trades', timeWeighted: 'no trades', moneyWeighted: 'no trades' },
      definitions,
    };
  const assets = [...new Set(trades.map((t) => t.asset))];
  const times = [...trades.map((t) => t.time), ...transfers.map((t) => t.time)];
  const firstDay = dayOf(Math.min(...times));
  const endDay = Math.max(dayOf(endMs), dayOf(Math.max(...times)));
  const closes = await dailyCloses(db, orgId, assets, firstDay, endDay);
  const currencies = await priceCurrencies(db, orgId, assets);
  const fx = new Map<string, (day: number) => Dec | undefined>();
  for (const cur of new Set(currencies.values()))
    if (cur !== portfolio.quote_currency) fx.set(cur, await fxDailyLookup(db, orgId, cur, portfolio.quote_currency, endDay));
  const { points: series, invested } = await dailyValueSeriesYielding(
    portfolio.cost_method,
    trades,
    (a, d) => {
      const c = closes.get(a)?.get(d);
      if (c === undefined) return undefined;
      const convert = fx.get(currencies.get(a) ?? portfolio.quote_currency);
      if (!convert) return parseDec(c);
      // No rate yet that day: a marked gap, never a rate of 1.
      const rate = convert(d);
      return rate === undefined ? undefined : mul(parseDec(c), rate);
    },
    endDay,
    transfers,
  );
  const last = series[series.length - 1]!;
  const simple =
    last.value === null
      ? { value: null, reason: `no closing price on ${last.date} for ${last.missing.join(', ')}` }
      : simpleReturn(last.realized + last.value - last.costBasis, invested);
  // Asset transfers are booked as trades at market value (flows above); ones recorded before that
  // moved no holdings and have no value here: say so rather than return a wrong rate.
  const unvalued = [...new Set(allTransfers.filter((x) => x.asset !== portfolio.quote_currency && x.tradeId === null).map((x) => x.asset))];
  const flowsUnvalued = unvalued.length
    ? { value: null, reason: `transfers of ${unvalued.join(', ')} recorded before transfers moved holdings have no market value` }
    : null;
  const twr = flowsUnvalued ?? timeWeightedReturn(series);
  const mwr =
    flowsUnvalued ??
    (last.value === null ? { value: null, reason: simple.reason } : moneyWeightedReturn(externalFlowsOf(series, last.value + last.cash, endDay)));
  return {
    series: series.map((p) => ({
      date: p.date,
      value: s(p.value),
      missing: p.missing,
      cash: formatDec(p.cash),
      inflow: formatDec(p.inflow),
      outflow: formatDec(p.outflow),
      netFlow: formatDec(p.netFlow),
      realized: formatDec(p.realized),
      costBasis: formatDec(p.costBasis),
    })),
    returns: { simple: s(simple.value), timeWeighted: s(twr.value), moneyWeighted: s(mwr.value) },
    reasons: { simple: simple.reason, timeWeighted: twr.reason, moneyWeighted: mwr.reason },
    definitions,
  };
}

/** Also the API schema's descriptions: one text per return, see pnl/returns.ts. */
export const RETURN_DEFINITIONS = {
  simple: '(realized + unrealized P&L) / total quote spent on acquisitions including fees',
  timeWeighted:
    'product over days of (total value + withdrawals) / (previous total value + deposits), minus 1; total value = holdings at the close + quote cash; deposits (and the implicit deposit that funds a buy costing more than the cash on hand) count at the start of a day, withdrawals at its end; neutralises external cash flows',
  moneyWeighted:
    'annualised (1+g)^365 - 1 of the daily rate g that makes the future value of all external cash flows (deposits out, withdrawals in) plus the final total value zero (XIRR on integer days, solved by bisection in exact fixed point); includes the timing and size of external cash flows',
};
const definitions = RETURN_DEFINITIONS;
