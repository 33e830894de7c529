import { sql } from 'drizzle-orm';
import type { App, Db } from '@tessera/core';
import { parseDec, type Dec } from '../decimal/fixed-decimal.ts';
import { rows } from '../db/sql-rows.ts';
import { DEFAULT_PAPER, fillAgainst } from './fill-engine.ts';

/** The synthetic feed ends here; the tests then run the paper market at a later "now". */
export const FEED_END = '2025-01-10';

/** An organization with the synthetic demo feed up to FEED_END, generous limits and one portfolio. */
export async function paperFixture(app: App, auth: Record<string, string>) {
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) =>
    app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
  const feed = await inject('POST', '/api/trading/prices/synthetic', { days: 20, seed: 11, endDate: `${FEED_END}T00:00:00Z` });
  if (feed.statusCode !== 201) throw new Error(`feed: ${feed.body}`);
  await inject('PUT', '/api/trading/risk/limits', {
    maxPositionNotional: '10000000',
    maxOrderNotional: '10000000',
    maxOpenOrders: 1000,
    maxDailyLoss: '10000000',
  });
  const p = await inject('POST', '/api/trading/portfolios', { name: 'Paper', costMethod: 'fifo' });
  if (p.statusCode !== 201) throw new Error(`portfolio: ${p.body}`);
  const portfolioId = p.json<{ id: string }>().id;
  const limitBuy = async (asset: string, quantity: string, limitPrice: string) => {
    const res = await inject('POST', '/api/trading/orders', { portfolioId, asset, side: 'buy', type: 'limit', quantity, limitPrice });
    if (res.statusCode !== 201) throw new Error(`order: ${res.body}`);
    return res.json<{ id: string }>().id;
  };
  return { inject, portfolioId, limitBuy };
}

interface OrderFacts {
  id: string;
  asset: string;
  quantity: string;
  limit_price: string;
  filled_quantity: string;
  status: string;
}

/** What the fill engine would fill for each order over the candles after FEED_END: the single-run truth. */
export async function expectedFills(db: Db, orgId: string): Promise<Map<string, Dec>> {
  const orders = await rows<OrderFacts>(
    db,
    sql`select id, asset, quantity::text, limit_price::text, filled_quantity::text, status from trading.orders where org_id = ${orgId} and type = 'limit'`,
  );
  const out = new Map<string, Dec>();
  for (const o of orders) {
    const candles = await rows<{ open: string; high: string; low: string; close: string; volume: string }>(
      db,
      sql`select open::text, high::text, low::text, close::text, volume::text from trading.prices
          where org_id = ${orgId} and asset = ${o.asset} and ts > ${`${FEED_END}T00:00:00Z`}::timestamptz order by ts`,
    );
    let remaining = parseDec(o.quantity);
    for (const c of candles) {
      const f = fillAgainst(
        { side: 'buy', type: 'limit', remaining, limitPrice: parseDec(o.limit_price) },
        { open: parseDec(c.open), high: parseDec(c.high), low: parseDec(c.low), close: parseDec(c.close), volume: parseDec(c.volume) },
        DEFAULT_PAPER,
      );
      if (f) remaining -= f.quantity;
      if (remaining === 0n) break;
    }
    out.set(o.id, parseDec(o.quantity) - remaining);
  }
  return out;
}

/** Per order: filled quantity, the sum of its booked trades, and how many trades booked it. */
export async function bookedFills(db: Db, orgId: string) {
  return rows<{ id: string; quantity: string; filled: string; booked: string; trades: number; status: string }>(
    db,
    sql`select o.id, o.quantity::text, o.filled_quantity::text as filled, o.status,
               coalesce((select sum(t.quantity) from trading.trades t where t.order_id = o.id), 0)::text as booked,
               (select count(*)::int from trading.trades t where t.order_id = o.id) as trades
        from trading.orders o where o.org_id = ${orgId} and o.type = 'limit'`,
  );
}
