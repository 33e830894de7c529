import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { one, rows } from '../db/sql-rows.ts';
import type { CostMethod } from '../pnl/lot-book.ts';
import type { EncodedSnapshot } from '../pnl/snapshot-codec.ts';

export interface PortfolioRow {
  id: string;
  user_id: string;
  name: string;
  quote_currency: string;
  cost_method: CostMethod;
  created_at: string;
}

export interface TradeRow {
  id: string;
  asset: string;
  side: 'buy' | 'sell';
  quantity: string;
  price: string;
  fee: string;
  fee_asset: string;
  executed_at: Date | string;
  venue: string | null;
  external_id: string | null;
  source: string;
}

export interface NewTrade {
  asset: string;
  side: 'buy' | 'sell';
  quantity: string;
  price: string;
  fee: string;
  feeAsset: string;
  executedAt: Date;
  venue: string | null;
  externalId: string | null;
  source: string;
  orderId?: string | null;
  /** Set when the trade was entered in another currency and converted. */
  enteredQuote?: string;
  enteredPrice?: string;
  fxRate?: string;
}

const PORTFOLIO_COLS = sql`id, user_id, name, quote_currency, cost_method, created_at::text`;

export async function insertPortfolio(
  db: Db,
  orgId: string,
  userId: string,
  p: { name: string; quoteCurrency: string; costMethod: CostMethod },
): Promise<PortfolioRow> {
  return (await one<PortfolioRow>(
    db,
    sql`insert into trading.portfolios (org_id, user_id, name, quote_currency, cost_method) values (${orgId}, ${userId}, ${p.name}, ${p.quoteCurrency}, ${p.costMethod}) returning ${PORTFOLIO_COLS}`,
  ))!;
}

export async function listPortfolios(db: Db, orgId: string, userId: string): Promise<PortfolioRow[]> {
  return rows<PortfolioRow>(
    db,
    sql`select ${PORTFOLIO_COLS} from trading.portfolios where org_id = ${orgId} and user_id = ${userId} order by created_at, name`,
  );
}

export async function findPortfolio(db: Db, orgId: string, userId: string, id: string, lock = false): Promise<PortfolioRow | undefined> {
  return one<PortfolioRow>(
    db,
    sql`select ${PORTFOLIO_COLS} from trading.portfolios where org_id = ${orgId} and user_id = ${userId} and id = ${id} ${lock ? sql`for update` : sql``}`,
  );
}

export async function knownAssets(db: Db, orgId: string, symbols: string[]): Promise<Set<string>> {
  if (!symbols.length) return new Set();
  const found = await rows<{ symbol: string }>(
    db,
    sql`select symbol from trading.assets where org_id = ${orgId} and symbol in (${sql.join(
      symbols.map((s) => sql`${s}`),
      sql`, `,
    )})`,
  );
  return new Set(found.map((r) => r.symbol));
}

export async function upsertAsset(db: Db, orgId: string, symbol: string, name: string, kind: 'crypto' | 'fiat', priceCurrency?: string): Promise<void> {
  await db.execute(
    sql`insert into trading.assets (org_id, symbol, name, kind, price_currency) values (${orgId}, ${symbol}, ${name}, ${kind}, ${priceCurrency ?? 'USD'})
        on conflict (org_id, symbol) do update set name = excluded.name ${priceCurrency ? sql`, price_currency = excluded.price_currency` : sql``}`,
  );
}

export async function listAssets(db: Db, orgId: string): Promise<{ symbol: string; name: string; kind: string }[]> {
  return rows(db, sql`select symbol, name, kind from trading.assets where org_id = ${orgId} order by symbol`);
}

export async function existingExternalIds(db: Db, portfolioId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const found = await rows<{ external_id: string }>(
    db,
    sql`select external_id from trading.trades where portfolio_id = ${portfolioId} and external_id in (${sql.join(
      ids.map((s) => sql`${s}`),
      sql`, `,
    )})`,
  );
  return found.map((r) => r.external_id);
}

export async function insertTrades(db: Db, orgId: string, portfolioId: string, trades: NewTrade[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < trades.length; i += 500) {
    const chunk = trades.slice(i, i + 500);
    const values = chunk.map(
      (t) =>
        sql`(${orgId}, ${portfolioId}, ${t.asset}, ${t.side}, ${t.quantity}::numeric, ${t.price}::numeric, ${t.fee}::numeric, ${t.feeAsset}, ${t.executedAt.toISOString()}::timestamptz, ${t.venue}, ${t.externalId}, ${t.source}, ${t.orderId ?? null}::uuid,
            ${t.enteredQuote ?? null}, ${t.enteredPrice ?? null}::numeric, ${t.fxRate ?? null}::numeric)`,
    );
    const out = await rows<{ id: string }>(
      db,
      sql`insert into trading.trades (org_id, portfolio_id, asset, side, quantity, price, fee, fee_asset, executed_at, venue, external_id, source, order_id, entered_quote, entered_price, fx_rate) values ${sql.join(values, sql`, `)} returning id`,
    );
    ids.push(...out.map((r) => r.id));
  }
  return ids;
}

export async function tradesOf(db: Db, orgId: string, portfolioId: string, opts: { asset?: string; limit?: number; desc?: boolean } = {}): Promise<TradeRow[]> {
  return rows<TradeRow>(
    db,
    sql`select id, asset, side, quantity::text, price::text, fee::text, fee_asset, executed_at, venue, external_id, source from trading.trades
        where org_id = ${orgId} and portfolio_id = ${portfolioId} ${opts.asset ? sql`and asset = ${opts.asset}` : sql``}
        order by executed_at ${opts.desc ? sql`desc` : sql`asc`}, seq ${opts.desc ? sql`desc` : sql`asc`} ${opts.limit ? sql`limit ${opts.limit}` : sql``}`,
  );
}

export interface PositionRow {
  asset: string;
  state: EncodedSnapshot;
}

export async function positionsOf(db: Db, orgId: string, portfolioId: string, assets?: string[], lock = false): Promise<PositionRow[]> {
  return rows<PositionRow>(
    db,
    sql`select asset, state from trading.positions where org_id = ${orgId} and portfolio_id = ${portfolioId}
        ${
          assets
            ? sql`and asset in (${sql.join(
                assets.map((a) => sql`${a}`),
                sql`, `,
              )})`
            : sql``
        } order by asset ${lock ? sql`for update` : sql``}`,
  );
}

export async function savePosition(db: Db, orgId: string, portfolioId: string, s: EncodedSnapshot): Promise<void> {
  const at = s.lastTime ? new Date(s.lastTime).toISOString() : null;
  await db.execute(sql`insert into trading.positions (org_id, portfolio_id, asset, quantity, cost_basis, realized, state, last_trade_at, updated_at)
    values (${orgId}, ${portfolioId}, ${s.asset}, ${s.quantity}::numeric, ${s.costBasis}::numeric, ${s.realized}::numeric, ${JSON.stringify(s)}::jsonb, ${at}::timestamptz, now())
    on conflict (portfolio_id, asset) do update set quantity = excluded.quantity, cost_basis = excluded.cost_basis, realized = excluded.realized, state = excluded.state, last_trade_at = excluded.last_trade_at, updated_at = now()`);
}

export async function deletePositions(db: Db, portfolioId: string, assets: string[]): Promise<void> {
  if (!assets.length) return;
  await db.execute(
    sql`delete from trading.positions where portfolio_id = ${portfolioId} and asset in (${sql.join(
      assets.map((a) => sql`${a}`),
      sql`, `,
    )})`,
  );
}

export async function insertTransfer(
  db: Db,
  orgId: string,
  portfolioId: string,
  t: { kind: 'deposit' | 'withdrawal'; asset: string; amount: string; at: Date; note: string | null; tradeId: string | null },
): Promise<string> {
  const r = await one<{ id: string }>(
    db,
    sql`insert into trading.transfers (org_id, portfolio_id, kind, asset, amount, at, note, trade_id)
        values (${orgId}, ${portfolioId}, ${t.kind}, ${t.asset}, ${t.amount}::numeric, ${t.at.toISOString()}::timestamptz, ${t.note}, ${t.tradeId}) returning id`,
  );
  return r!.id;
}

export async function transfersOf(
  db: Db,
  orgId: string,
  portfolioId: string,
): Promise<{ id: string; kind: string; asset: string; amount: string; at: string; note: string | null; tradeId: string | null }[]> {
  return rows(
    db,
    sql`select id, kind, asset, amount::text, at::text, note, trade_id as "tradeId" from trading.transfers where org_id = ${orgId} and portfolio_id = ${portfolioId} order by at`,
  );
}
