import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { rows } from '../db/sql-rows.ts';

export interface Candle {
  asset: string;
  ts: Date;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

export async function insertCandles(db: Db, orgId: string, candles: Candle[], source: string, onConflict: 'ignore' | 'error' = 'ignore'): Promise<number> {
  let n = 0;
  for (let i = 0; i < candles.length; i += 500) {
    const chunk = candles.slice(i, i + 500);
    const values = chunk.map(
      (c) =>
        sql`(${orgId}, ${c.asset}, ${c.ts.toISOString()}::timestamptz, ${c.open}::numeric, ${c.high}::numeric, ${c.low}::numeric, ${c.close}::numeric, ${c.volume}::numeric, ${source})`,
    );
    const out = await rows<{ asset: string }>(
      db,
      sql`insert into trading.prices (org_id, asset, ts, open, high, low, close, volume, source) values ${sql.join(values, sql`, `)} ${onConflict === 'ignore' ? sql`on conflict do nothing` : sql``} returning asset`,
    );
    n += out.length;
  }
  return n;
}

/** The most recent close per asset; assets without any price are simply absent (callers mark them missing). */
export async function latestCandles(db: Db, orgId: string, assets: string[]): Promise<Map<string, Candle>> {
  if (!assets.length) return new Map();
  const found = await rows<{ asset: string; ts: Date | string; open: string; high: string; low: string; close: string; volume: string }>(
    db,
    sql`select distinct on (asset) asset, ts, open::text, high::text, low::text, close::text, volume::text from trading.prices
        where org_id = ${orgId} and asset in (${sql.join(
          assets.map((a) => sql`${a}`),
          sql`, `,
        )}) order by asset, ts desc`,
  );
  return new Map(found.map((r) => [r.asset, { ...r, ts: new Date(r.ts) }]));
}

/** The close of the latest candle at or before `at`, or null when none is stored. */
export async function closeAt(db: Db, orgId: string, asset: string, at: Date): Promise<string | null> {
  const found = await rows<{ close: string }>(
    db,
    sql`select close::text from trading.prices where org_id = ${orgId} and asset = ${asset} and ts <= ${at.toISOString()}::timestamptz order by ts desc limit 1`,
  );
  return found[0]?.close ?? null;
}

/** Last close of each UTC day per asset in a range (epoch days). */
export async function dailyCloses(db: Db, orgId: string, assets: string[], fromDay: number, toDay: number): Promise<Map<string, Map<number, string>>> {
  const out = new Map<string, Map<number, string>>();
  if (!assets.length) return out;
  const found = await rows<{ asset: string; day: number; close: string }>(
    db,
    sql`select distinct on (asset, day) asset, day, close from (
          select asset, floor(extract(epoch from ts) / 86400)::int as day, close::text as close, ts from trading.prices
          where org_id = ${orgId} and asset in (${sql.join(
            assets.map((a) => sql`${a}`),
            sql`, `,
          )})
            and ts >= to_timestamp(${fromDay * 86400}) and ts < to_timestamp(${(toDay + 1) * 86400})) p
        order by asset, day, ts desc`,
  );
  for (const r of found) {
    let m = out.get(r.asset);
    if (!m) out.set(r.asset, (m = new Map<number, string>()));
    m.set(Number(r.day), r.close);
  }
  return out;
}

export async function candlesOf(db: Db, orgId: string, asset: string, limit: number, before?: Date): Promise<Candle[]> {
  const found = await rows<{ asset: string; ts: Date | string; open: string; high: string; low: string; close: string; volume: string }>(
    db,
    sql`select asset, ts, open::text, high::text, low::text, close::text, volume::text from trading.prices where org_id = ${orgId} and asset = ${asset}
        ${before ? sql`and ts <= ${before.toISOString()}::timestamptz` : sql``} order by ts desc limit ${limit}`,
  );
  return found.map((r) => ({ ...r, ts: new Date(r.ts) })).reverse();
}
