import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { div, ONE, parseDec, type Dec } from '../decimal/fixed-decimal.ts';
import { rows } from '../db/sql-rows.ts';
import { DAY_MS } from '../pnl/returns.ts';

export interface FxRateInput {
  base: string;
  quote: string;
  at: Date;
  rate: string;
}

export async function insertFxRates(db: Db, orgId: string, rates: FxRateInput[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rates.length; i += 500) {
    const values = rates.slice(i, i + 500).map((r) => sql`(${orgId}, ${r.base}, ${r.quote}, ${r.at.toISOString()}::timestamptz, ${r.rate}::numeric)`);
    const out = await rows<{ base: string }>(
      db,
      sql`insert into trading.fx_rates (org_id, base, quote, ts, rate) values ${sql.join(values, sql`, `)}
          on conflict (org_id, base, quote, ts) do update set rate = excluded.rate returning base`,
    );
    n += out.length;
  }
  return n;
}

interface RateRow {
  base: string;
  ts: Date | string;
  rate: string;
}

/** Rates of one pair in either direction up to `until`, oldest first, as `to` units per `from` unit. */
async function pairRates(db: Db, orgId: string, from: string, to: string, until: Date): Promise<{ time: number; rate: Dec }[]> {
  const found = await rows<RateRow>(
    db,
    sql`select base, ts, rate::text from trading.fx_rates
        where org_id = ${orgId} and ((base = ${from} and quote = ${to}) or (base = ${to} and quote = ${from})) and ts <= ${until.toISOString()}::timestamptz
        order by ts`,
  );
  // The inverse of a stored rate rounds half-to-even at 1e-18, like every division in the engine.
  return found.map((r) => ({ time: new Date(r.ts).getTime(), rate: r.base === from ? parseDec(r.rate) : div(ONE, parseDec(r.rate)) }));
}

/** The latest rate at or before `at` converting `from` into `to`; null when none is stored (never 1). */
export async function fxRateAt(db: Db, orgId: string, from: string, to: string, at: Date): Promise<Dec | null> {
  if (from === to) return ONE;
  const list = await pairRates(db, orgId, from, to, at);
  return list.at(-1)?.rate ?? null;
}

/** For a value series: the rate in force at the end of each day (epoch days), or undefined before the first rate. */
export async function fxDailyLookup(db: Db, orgId: string, from: string, to: string, endDay: number): Promise<(day: number) => Dec | undefined> {
  if (from === to) return () => ONE;
  const list = await pairRates(db, orgId, from, to, new Date((endDay + 1) * DAY_MS - 1));
  return (day) => {
    // Binary search: the last rate stamped before the end of `day`.
    const cut = (day + 1) * DAY_MS;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.time < cut) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? list[lo - 1]!.rate : undefined;
  };
}

/** The currency each asset's prices are quoted in. */
export async function priceCurrencies(db: Db, orgId: string, assets: string[]): Promise<Map<string, string>> {
  if (!assets.length) return new Map();
  const found = await rows<{ symbol: string; price_currency: string }>(
    db,
    sql`select symbol, price_currency from trading.assets where org_id = ${orgId} and symbol in (${sql.join(
      assets.map((a) => sql`${a}`),
      sql`, `,
    )})`,
  );
  return new Map(found.map((r) => [r.symbol, r.price_currency]));
}
