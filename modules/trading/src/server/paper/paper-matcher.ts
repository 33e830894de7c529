import { sql } from 'drizzle-orm';
import type { Db, Platform } from '@tessera/core';
import { rows } from '../db/sql-rows.ts';
import { insertCandles, type Candle } from '../portfolio/price-repository.ts';
import { fillOrder } from '../risk/order-service.ts';
import { sampleDayPeaks } from '../risk/day-peak-sampler.ts';
import { findOrder, killSwitches, lockRiskState } from '../risk/risk-repository.ts';
import { DEFAULT_PAPER, type PaperConfig } from './fill-engine.ts';
import { nextSyntheticCandle } from './synthetic-step.ts';

export interface PaperMatchOptions {
  /** One synthetic candle per step: daily, like the seeded demo feed and the daily value series. */
  feedStepMs: number;
  /** At most this many candles per asset and run, so a long-idle server catches up gradually. */
  maxCandlesPerRun: number;
  /** At most this many orders per run; the rest wait for the next run. */
  maxOrdersPerRun: number;
  paper: PaperConfig;
}

export const DEFAULT_MATCH: PaperMatchOptions = { feedStepMs: 86_400_000, maxCandlesPerRun: 30, maxOrdersPerRun: 500, paper: DEFAULT_PAPER };

// Any constant works: it only keeps two processes from generating the same candles at once.
const FEED_LOCK = 0x7472_6164;

/**
 * Extends every feed whose latest candle is synthetic (imported prices are never invented) up to
 * `now`. Runs under a transaction-scoped advisory lock so one process generates at a time; the
 * candles are deterministic and inserted with `on conflict do nothing` in any case.
 */
export async function advanceSyntheticFeeds(db: Db, now: Date, opts: PaperMatchOptions, orgId?: string): Promise<number> {
  return db.transaction(async (tx) => {
    const [got] = await rows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${FEED_LOCK}) as ok`);
    if (!got?.ok) return 0;
    const heads = await rows<{ org_id: string; asset: string; ts: Date | string; close: string; source: string }>(
      tx,
      sql`select distinct on (org_id, asset) org_id, asset, ts, close::text, source from trading.prices
          ${orgId ? sql`where org_id = ${orgId}` : sql``} order by org_id, asset, ts desc`,
    );
    let added = 0;
    for (const h of heads) {
      if (h.source !== 'synthetic') continue;
      const candles: Candle[] = [];
      let prev = { ts: new Date(h.ts), close: h.close };
      while (candles.length < opts.maxCandlesPerRun) {
        const ts = new Date(prev.ts.getTime() + opts.feedStepMs);
        if (ts.getTime() > now.getTime()) break;
        const c = nextSyntheticCandle(h.asset, prev.close, ts);
        candles.push(c);
        prev = c;
      }
      if (candles.length) added += await insertCandles(tx, h.org_id, candles, 'synthetic');
    }
    return added;
  });
}

interface OpenRef {
  id: string;
  org_id: string;
  user_id: string;
}

/**
 * Fills one open order against the candles after the last one it was matched with, in one
 * transaction: the user's risk row first (the order cancel and submit use), then the order row
 * itself, re-read under its lock. A second process working on the same order waits, then sees the
 * advanced `matched_through` and finds nothing new, so no candle ever fills an order twice.
 */
async function matchOrder(db: Db, ref: OpenRef, now: Date, opts: PaperMatchOptions): Promise<number> {
  return db.transaction(async (tx) => {
    await lockRiskState(tx, ref.org_id, ref.user_id);
    let order = await findOrder(tx, ref.org_id, ref.user_id, ref.id, true);
    if (!order || (order.status !== 'open' && order.status !== 'partially_filled')) return 0;
    const candles = await rows<Omit<Candle, 'ts'> & { ts: Date | string }>(
      tx,
      sql`select asset, ts, open::text, high::text, low::text, close::text, volume::text from trading.prices
          where org_id = ${ref.org_id} and asset = ${order.asset} ${order.matched_through ? sql`and ts > ${order.matched_through}::timestamptz` : sql``}
          order by ts limit ${opts.maxCandlesPerRun}`,
    );
    let fills = 0;
    let through: Date | null = null;
    // A kill switch stops resting orders too (hard: nothing fills; soft: only sells, which reduce).
    // The candles of a halt are passed over, so a reset never fills an order at a halted price.
    const kills = await killSwitches(tx, ref.org_id, ref.user_id);
    const modes = [kills.user.mode, kills.global.mode];
    const halted = modes.includes('hard') || (modes.includes('soft') && order.side === 'buy');
    if (halted) {
      const lastCandle = candles.at(-1);
      if (lastCandle)
        await tx.execute(sql`update trading.orders set matched_through = ${new Date(lastCandle.ts).toISOString()}::timestamptz where id = ${ref.id}`);
      return 0;
    }
    for (const c of candles) {
      through = new Date(c.ts);
      // The fill happened during the candle that crossed the order: stamp it with that candle's
      // time, never before the order was placed and never after the run.
      const at = new Date(Math.min(now.getTime(), Math.max(through.getTime(), new Date(order.created_at).getTime())));
      const next = await fillOrder(tx, ref.org_id, order, { ...c, ts: through }, at, opts.paper);
      if (next) {
        fills++;
        order = next;
        if (order.status === 'filled') break;
      }
    }
    if (through) await tx.execute(sql`update trading.orders set matched_through = ${through.toISOString()}::timestamptz where id = ${ref.id}`);
    return fills;
  });
}

/** Fills open orders (of one organization, or all) against candles that arrived after them. */
export async function matchOpenOrders(db: Db, now: Date, opts: PaperMatchOptions, orgId?: string): Promise<number> {
  const open = await rows<OpenRef>(
    db,
    sql`select id, org_id, user_id from trading.orders where status in ('open', 'partially_filled') ${orgId ? sql`and org_id = ${orgId}` : sql``}
        order by created_at limit ${opts.maxOrdersPerRun}`,
  );
  let fills = 0;
  for (const ref of open) fills += await matchOrder(db, ref, now, opts);
  return fills;
}

/** One pass of the paper market: extend the synthetic feeds, fill what the new candles cross, sample the day's peaks. */
export async function runPaperMarket(
  platform: Platform,
  now = new Date(),
  opts: PaperMatchOptions = DEFAULT_MATCH,
  orgId?: string,
): Promise<{ candles: number; fills: number }> {
  const db = platform.database.db;
  const candles = await advanceSyntheticFeeds(db, now, opts, orgId);
  const fills = await matchOpenOrders(db, now, opts, orgId);
  await sampleDayPeaks(db, now, orgId);
  return { candles, fills };
}
