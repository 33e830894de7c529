import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { DecimalFormatError, formatDec, mul, parseDec, type Dec } from '../decimal/fixed-decimal.ts';
import { fxRateAt } from '../fx/fx-repository.ts';
import { tradingErrors } from '../errors.ts';
import { PortfolioBook, TradeRejectedError, type EngineTrade, type FeeIn } from '../pnl/portfolio-book.ts';
import { runRebuild } from '../pnl/rebuild-runner.ts';
import { decodeSnapshot, encodeSnapshot } from '../pnl/snapshot-codec.ts';
import { one } from '../db/sql-rows.ts';
import {
  existingExternalIds,
  insertTrades,
  knownAssets,
  positionsOf,
  savePosition,
  deletePositions,
  tradesOf,
  type NewTrade,
  type PortfolioRow,
  type TradeRow,
} from './portfolio-repository.ts';

export interface TradeInput {
  asset: string;
  side: 'buy' | 'sell';
  quantity: string;
  price: string;
  fee?: string;
  feeAsset?: string;
  quote?: string;
  executedAt: string;
  venue?: string | null;
  externalId?: string | null;
}

const MAX_INPUT = 10n ** 15n * 10n ** 18n;

/** Parses API or import input; magnitudes are capped at 1e15 so products stay within 30 digits. */
export function dec(text: string, field: string): bigint {
  try {
    const v = parseDec(text);
    if (v >= MAX_INPUT || v <= -MAX_INPUT) throw tradingErrors.TRADING_INVALID_DECIMAL({ message: `${field}: at most 15 integer digits`, details: { field } });
    return v;
  } catch (err) {
    if (err instanceof DecimalFormatError) throw tradingErrors.TRADING_INVALID_DECIMAL({ message: `${field}: ${err.message}`, details: { field } });
    throw err;
  }
}

export function rejectionToError(err: TradeRejectedError, details: Record<string, unknown>): Error {
  const map = {
    NON_POSITIVE_QUANTITY: tradingErrors.TRADING_NON_POSITIVE_QUANTITY,
    NEGATIVE_PRICE: tradingErrors.TRADING_NEGATIVE_PRICE,
    NEGATIVE_FEE: tradingErrors.TRADING_NEGATIVE_PRICE,
    FEE_EXCEEDS_QUANTITY: tradingErrors.TRADING_FEE_EXCEEDS_QUANTITY,
    SELL_EXCEEDS_HOLDINGS: tradingErrors.TRADING_SELL_EXCEEDS_HOLDINGS,
  } as const;
  return map[err.code]({ message: err.message, details });
}

function toEngine(
  t: { asset: string; side: 'buy' | 'sell'; quantity: string; price: string; fee: string; fee_asset?: string; feeAsset?: string },
  quote: string,
  time: number,
): EngineTrade {
  const feeAsset = t.feeAsset ?? t.fee_asset ?? quote;
  const feeIn: FeeIn = feeAsset === t.asset ? 'base' : 'quote';
  return { asset: t.asset, side: t.side, quantity: parseDec(t.quantity), price: parseDec(t.price), fee: parseDec(t.fee), feeIn, time };
}

function rowTime(r: TradeRow): number {
  return new Date(r.executed_at).getTime();
}

/**
 * The FX rate for each trade entered in another currency than the portfolio's, at its time;
 * throws TRADING_FX_RATE_MISSING (never assumes 1) and rejects malformed times first.
 */
async function tradeFxRates(tx: Db, orgId: string, quote: string, inputs: TradeInput[]): Promise<(Dec | null)[]> {
  const out: (Dec | null)[] = [];
  for (const [index, t] of inputs.entries()) {
    const at = new Date(t.executedAt);
    if (Number.isNaN(at.getTime())) throw tradingErrors.TRADING_IMPORT_MALFORMED({ message: `trade ${index}: executedAt is not a date`, details: { index } });
    if (!t.quote || t.quote === quote) {
      out.push(null);
      continue;
    }
    const rate = await fxRateAt(tx, orgId, t.quote, quote, at);
    if (rate === null) throw tradingErrors.TRADING_FX_RATE_MISSING({ details: { index, from: t.quote, to: quote, at: at.toISOString() } });
    out.push(rate);
  }
  return out;
}

/**
 * Books trades into a portfolio inside the caller's transaction: validates everything first,
 * then applies trades to the stored position state incrementally (locking those position rows).
 * A trade dated before an asset's last booked trade makes that asset rebuild from its history.
 * Any rejection throws before commit, so a bad batch changes nothing.
 */
export async function bookTrades(
  tx: Db,
  orgId: string,
  portfolio: PortfolioRow,
  inputs: TradeInput[],
  source: string,
  orderId: string | null = null,
): Promise<{ ids: string[]; realized: bigint }> {
  const quote = portfolio.quote_currency;
  const fx = await tradeFxRates(tx, orgId, quote, inputs);
  const prepared: (NewTrade & { time: number })[] = inputs.map((t, index) => {
    const at = new Date(t.executedAt);
    const entered = t.quote ?? quote;
    const rate = fx[index] ?? null;
    let feeAsset = t.feeAsset ?? quote;
    if (feeAsset !== quote && feeAsset !== t.asset && feeAsset !== entered) throw tradingErrors.TRADING_FEE_ASSET_UNSUPPORTED({ details: { index, feeAsset } });
    const q = dec(t.quantity, `trades[${index}].quantity`);
    let p = dec(t.price, `trades[${index}].price`);
    let f = dec(t.fee ?? '0', `trades[${index}].fee`);
    if (q <= 0n) throw tradingErrors.TRADING_NON_POSITIVE_QUANTITY({ details: { index } });
    if (p < 0n || f < 0n) throw tradingErrors.TRADING_NEGATIVE_PRICE({ details: { index } });
    // Entered in another currency: price (and a fee in that currency) convert at the rate in force at trade time.
    if (rate !== null) {
      p = mul(p, rate);
      if (feeAsset === entered) {
        f = mul(f, rate);
        feeAsset = quote;
      }
    }
    return {
      asset: t.asset,
      side: t.side,
      quantity: t.quantity,
      price: rate === null ? t.price : formatDec(p),
      fee: rate === null ? (t.fee ?? '0') : formatDec(f),
      feeAsset,
      ...(rate === null ? {} : { enteredQuote: entered, enteredPrice: t.price.trim(), fxRate: formatDec(rate) }),
      executedAt: at,
      venue: t.venue ?? null,
      externalId: t.externalId ?? null,
      source,
      orderId,
      time: at.getTime(),
    };
  });
  const assets = [...new Set(prepared.map((t) => t.asset))];
  const known = await knownAssets(tx, orgId, assets);
  const unknown = assets.filter((a) => !known.has(a));
  if (unknown.length) throw tradingErrors.TRADING_UNKNOWN_ASSET({ details: { assets: unknown } });
  const ext = prepared.map((t) => t.externalId).filter((x): x is string => !!x);
  const dupInBatch = ext.filter((x, i) => ext.indexOf(x) !== i);
  const dupStored = await existingExternalIds(tx, portfolio.id, [...new Set(ext)]);
  if (dupInBatch.length || dupStored.length)
    throw tradingErrors.TRADING_DUPLICATE_EXTERNAL_ID({ details: { externalIds: [...new Set([...dupInBatch, ...dupStored])].slice(0, 50) } });

  prepared.sort((a, b) => a.time - b.time);
  await lockPortfolio(tx, portfolio.id);
  const stored = await positionsOf(tx, orgId, portfolio.id, assets, true);
  const book = new PortfolioBook(portfolio.cost_method);
  for (const r of stored) book.restore(decodeSnapshot(r.state));
  const backdated = new Set(prepared.filter((t) => t.time < (book.position(t.asset)?.lastTime ?? 0)).map((t) => t.asset));
  let realized = 0n;
  const ids = await insertTrades(tx, orgId, portfolio.id, prepared);
  for (const [index, t] of prepared.entries()) {
    if (backdated.has(t.asset)) continue;
    try {
      realized += book.apply(toEngine(t, quote, t.time));
    } catch (err) {
      if (err instanceof TradeRejectedError) throw rejectionToError(err, { index, asset: t.asset, executedAt: t.executedAt.toISOString() });
      throw err;
    }
  }
  for (const a of assets) if (!backdated.has(a)) await savePosition(tx, orgId, portfolio.id, encodeSnapshot(book.snapshot(a)!));
  if (backdated.size) await rebuildAssets(tx, orgId, portfolio, [...backdated]);
  return { ids, realized };
}

/** Replays the full history of some assets (or all) and replaces their stored state. */
export async function rebuildAssets(tx: Db, orgId: string, portfolio: PortfolioRow, assets: string[] | null): Promise<{ trades: number; ms: number }> {
  const started = performance.now();
  const history = assets
    ? (await Promise.all(assets.map((a) => tradesOf(tx, orgId, portfolio.id, { asset: a })))).flat()
    : await tradesOf(tx, orgId, portfolio.id);
  history.sort((a, b) => rowTime(a) - rowTime(b));
  const res = await runRebuild({
    method: portfolio.cost_method,
    trades: history.map((r) => ({
      asset: r.asset,
      side: r.side,
      quantity: r.quantity,
      price: r.price,
      fee: r.fee,
      feeIn: r.fee_asset === r.asset ? 'base' : 'quote',
      time: rowTime(r),
    })),
  });
  if (!res.ok) {
    const t = history[res.index];
    throw rejectionToError(new TradeRejectedError((res.code ?? 'SELL_EXCEEDS_HOLDINGS') as TradeRejectedError['code'], res.error), {
      asset: t?.asset,
      executedAt: t ? new Date(t.executed_at).toISOString() : null,
      tradeId: t?.id,
    });
  }
  const all = assets ?? (await positionsOf(tx, orgId, portfolio.id)).map((p) => p.asset);
  await deletePositions(tx, portfolio.id, all);
  for (const p of res.positions) await savePosition(tx, orgId, portfolio.id, p);
  return { trades: history.length, ms: performance.now() - started };
}

export async function lockPortfolio(tx: Db, portfolioId: string): Promise<void> {
  await one(tx, sql`select id from trading.portfolios where id = ${portfolioId} for update`);
}
