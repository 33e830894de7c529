import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { one, rows } from '../db/sql-rows.ts';
import type { KillMode } from './pre-trade-check.ts';

export const GLOBAL_USER = '00000000-0000-0000-0000-000000000000';

export interface LimitsRow {
  version: number;
  max_position_notional: string;
  max_order_notional: string;
  max_open_orders: number;
  max_daily_loss: string;
  /** The risk currency the amounts are in; null: the first portfolio's currency (or USD). */
  currency: string | null;
}

/** Limits when a user has set none: generous for paper trading, but never unlimited. */
export const DEFAULT_LIMITS: LimitsRow = {
  version: 0,
  max_position_notional: '100000',
  max_order_notional: '25000',
  max_open_orders: 20,
  max_daily_loss: '5000',
  currency: null,
};

export interface RiskStateRow {
  reserved_notional: string;
  open_orders: number;
  day: string | null;
  day_peak_equity: string | null;
  day_peak_currency: string | null;
}

/** Creates the user's risk row if needed and locks it for the rest of the transaction. */
export async function lockRiskState(tx: Db, orgId: string, userId: string): Promise<RiskStateRow> {
  await tx.execute(sql`insert into trading.risk_state (org_id, user_id) values (${orgId}, ${userId}) on conflict do nothing`);
  return (await one<RiskStateRow>(
    tx,
    sql`select reserved_notional::text, open_orders, day::text, day_peak_equity::text, day_peak_currency from trading.risk_state where org_id = ${orgId} and user_id = ${userId} for update`,
  ))!;
}

export async function readRiskState(db: Db, orgId: string, userId: string): Promise<RiskStateRow | undefined> {
  return one<RiskStateRow>(
    db,
    sql`select reserved_notional::text, open_orders, day::text, day_peak_equity::text, day_peak_currency from trading.risk_state where org_id = ${orgId} and user_id = ${userId}`,
  );
}

export async function updateRiskState(
  tx: Db,
  orgId: string,
  userId: string,
  s: { reservedDelta: string; openDelta: number; day?: string; peak?: string; currency?: string },
): Promise<void> {
  await tx.execute(sql`update trading.risk_state set reserved_notional = reserved_notional + ${s.reservedDelta}::numeric, open_orders = open_orders + ${s.openDelta}
    ${s.day ? sql`, day = ${s.day}::date, day_peak_equity = ${s.peak ?? null}::numeric, day_peak_currency = ${s.currency ?? null}` : sql``} where org_id = ${orgId} and user_id = ${userId}`);
}

export async function currentLimits(db: Db, orgId: string, userId: string): Promise<LimitsRow> {
  return (
    (await one<LimitsRow>(
      db,
      sql`select version, max_position_notional::text, max_order_notional::text, max_open_orders, max_daily_loss::text, currency from trading.risk_limits where org_id = ${orgId} and user_id = ${userId} order by version desc limit 1`,
    )) ?? DEFAULT_LIMITS
  );
}

export async function insertLimits(tx: Db, orgId: string, userId: string, l: Omit<LimitsRow, 'version'>, by: string | null): Promise<number> {
  await lockRiskState(tx, orgId, userId);
  const prev = await currentLimits(tx, orgId, userId);
  const version = prev.version + 1;
  await tx.execute(sql`insert into trading.risk_limits (org_id, user_id, version, max_position_notional, max_order_notional, max_open_orders, max_daily_loss, currency, created_by)
    values (${orgId}, ${userId}, ${version}, ${l.max_position_notional}::numeric, ${l.max_order_notional}::numeric, ${l.max_open_orders}, ${l.max_daily_loss}::numeric, ${l.currency}, ${by})`);
  return version;
}

export interface KillRow {
  scope: 'user' | 'global';
  mode: KillMode;
  reason: string;
  changed_by: string | null;
  changed_at: string | null;
}

export async function killSwitches(db: Db, orgId: string, userId: string): Promise<{ user: KillRow; global: KillRow }> {
  const found = await rows<KillRow & { user_id: string }>(
    db,
    sql`select scope, user_id, mode, reason, changed_by, changed_at::text from trading.kill_switches where org_id = ${orgId} and ((scope = 'user' and user_id = ${userId}) or scope = 'global')`,
  );
  const off = (scope: 'user' | 'global'): KillRow => ({ scope, mode: 'off', reason: '', changed_by: null, changed_at: null });
  return { user: found.find((r) => r.scope === 'user') ?? off('user'), global: found.find((r) => r.scope === 'global') ?? off('global') };
}

export async function setKillSwitch(
  tx: Db,
  orgId: string,
  scope: 'user' | 'global',
  userId: string,
  mode: KillMode,
  reason: string,
  by: string | null,
): Promise<void> {
  await tx.execute(sql`insert into trading.kill_switches (org_id, scope, user_id, mode, reason, changed_by, changed_at) values (${orgId}, ${scope}, ${scope === 'global' ? GLOBAL_USER : userId}, ${mode}, ${reason}, ${by}, now())
    on conflict (org_id, scope, user_id) do update set mode = excluded.mode, reason = excluded.reason, changed_by = excluded.changed_by, changed_at = now()`);
}

export interface OrderRow {
  id: string;
  user_id: string;
  portfolio_id: string;
  strategy_id: string | null;
  asset: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  quantity: string;
  limit_price: string | null;
  filled_quantity: string;
  reserved_notional: string;
  status: string;
  reject_code: string | null;
  reject_reasons: string[] | null;
  source: string;
  created_at: string;
  matched_through: string | null;
}

/** An order as submitted, before the check decides. */
export interface OrderDraft {
  portfolioId: string;
  strategyId: string | null;
  asset: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  quantity: string;
  limitPrice: string | null;
  source: string;
}

const ORDER_COLS = sql`id, user_id, portfolio_id, strategy_id, asset, side, type, quantity::text, limit_price::text, filled_quantity::text, reserved_notional::text, status, reject_code, reject_reasons, source, created_at::text, matched_through::text`;

export async function insertOrder(
  tx: Db,
  orgId: string,
  o: {
    userId: string;
    portfolioId: string;
    strategyId: string | null;
    asset: string;
    side: string;
    type: string;
    quantity: string;
    limitPrice: string | null;
    reserved: string;
    status: string;
    source: string;
    /** The latest candle when the order was placed: only later candles can fill it. */
    matchedThrough: Date | null;
  },
): Promise<OrderRow> {
  return (await one<OrderRow>(
    tx,
    sql`insert into trading.orders (org_id, user_id, portfolio_id, strategy_id, asset, side, type, quantity, limit_price, reserved_notional, status, source, matched_through)
        values (${orgId}, ${o.userId}, ${o.portfolioId}, ${o.strategyId}, ${o.asset}, ${o.side}, ${o.type}, ${o.quantity}::numeric, ${o.limitPrice}::numeric, ${o.reserved}::numeric, ${o.status}, ${o.source},
                ${o.matchedThrough ? o.matchedThrough.toISOString() : null}::timestamptz) returning ${ORDER_COLS}`,
  ))!;
}

export async function insertRejectedOrder(tx: Db, orgId: string, userId: string, o: OrderDraft, code: string, reasons: string[]): Promise<OrderRow> {
  return (await one<OrderRow>(
    tx,
    sql`insert into trading.orders (org_id, user_id, portfolio_id, strategy_id, asset, side, type, quantity, limit_price, reserved_notional, status, reject_code, reject_reasons, source)
        values (${orgId}, ${userId}, ${o.portfolioId}, ${o.strategyId}, ${o.asset}, ${o.side}, ${o.type}, ${o.quantity}::numeric, ${o.limitPrice}::numeric, 0, 'rejected',
                ${code}, ${JSON.stringify(reasons)}::jsonb, ${o.source}) returning ${ORDER_COLS}`,
  ))!;
}

export async function findOrder(db: Db, orgId: string, userId: string, id: string, lock = false): Promise<OrderRow | undefined> {
  return one<OrderRow>(
    db,
    sql`select ${ORDER_COLS} from trading.orders where org_id = ${orgId} and user_id = ${userId} and id = ${id} ${lock ? sql`for update` : sql``}`,
  );
}

export async function listOrders(db: Db, orgId: string, userId: string, status?: string[]): Promise<OrderRow[]> {
  return rows<OrderRow>(
    db,
    sql`select ${ORDER_COLS} from trading.orders where org_id = ${orgId} and user_id = ${userId} ${
      status
        ? sql`and status in (${sql.join(
            status.map((s) => sql`${s}`),
            sql`, `,
          )})`
        : sql``
    } order by created_at desc limit 500`,
  );
}

export async function updateOrderFill(tx: Db, id: string, o: { filled: string; reserved: string; status: string }): Promise<void> {
  await tx.execute(
    sql`update trading.orders set filled_quantity = ${o.filled}::numeric, reserved_notional = ${o.reserved}::numeric, status = ${o.status}, updated_at = now() where id = ${id}`,
  );
}

export async function pendingQuantities(tx: Db, orgId: string, userId: string, asset: string): Promise<{ buy: string; sell: string }> {
  const r = await one<{ buy: string | null; sell: string | null }>(
    tx,
    sql`select sum(case when side = 'buy' then quantity - filled_quantity end)::text as buy, sum(case when side = 'sell' then quantity - filled_quantity end)::text as sell
        from trading.orders where org_id = ${orgId} and user_id = ${userId} and asset = ${asset} and status in ('open', 'partially_filled')`,
  );
  return { buy: r?.buy ?? '0', sell: r?.sell ?? '0' };
}

/**
 * Strategy exposure (in its portfolio's currency): reserved notional of its open buys plus the cost
 * of what its fills still hold. Only the user's own strategies are found.
 */
export async function strategyExposure(
  tx: Db,
  orgId: string,
  userId: string,
  strategyId: string,
): Promise<{ maxExposure: string; exposure: string; portfolioId: string } | undefined> {
  return one(
    tx,
    sql`select s.portfolio_id as "portfolioId", s.max_exposure::text as "maxExposure", round(coalesce((select sum(o.reserved_notional) from trading.orders o where o.strategy_id = s.id and o.status in ('open', 'partially_filled')), 0)
          + greatest(coalesce((select sum(case when t.side = 'buy' then t.quantity * t.price else -(t.quantity * t.price) end) from trading.trades t join trading.orders o on o.id = t.order_id where o.strategy_id = s.id), 0), 0), 18)::text as exposure
        from trading.strategies s where s.id = ${strategyId} and s.org_id = ${orgId} and s.user_id = ${userId}`,
  );
}

/** Reserved notional of the user's open orders per portfolio currency. */
export async function reservedByCurrency(db: Db, orgId: string, userId: string): Promise<{ currency: string; reserved: string }[]> {
  return rows(
    db,
    sql`select p.quote_currency as currency, sum(o.reserved_notional)::text as reserved from trading.orders o join trading.portfolios p on p.id = o.portfolio_id
        where o.org_id = ${orgId} and o.user_id = ${userId} and o.status in ('open', 'partially_filled') group by p.quote_currency order by 1`,
  );
}

/** Quantity of `asset` the user holds in portfolios other than `exceptPortfolioId` (position limits are per user). */
export async function heldElsewhere(tx: Db, orgId: string, userId: string, asset: string, exceptPortfolioId: string): Promise<string> {
  const r = await one<{ q: string | null }>(
    tx,
    sql`select sum(pos.quantity)::text as q from trading.positions pos join trading.portfolios p on p.id = pos.portfolio_id
        where pos.org_id = ${orgId} and p.user_id = ${userId} and pos.asset = ${asset} and pos.portfolio_id <> ${exceptPortfolioId}`,
  );
  return r?.q ?? '0';
}

/** Users whose day's peak was set today (they trade today), of one organization or all. */
export async function riskStatesOfDay(db: Db, day: string, orgId?: string): Promise<{ org_id: string; user_id: string }[]> {
  return rows(
    db,
    sql`select org_id, user_id from trading.risk_state where day = ${day}::date and day_peak_equity is not null ${orgId ? sql`and org_id = ${orgId}` : sql``}`,
  );
}

export async function raiseDayPeak(tx: Db, orgId: string, userId: string, peak: string): Promise<void> {
  await tx.execute(
    sql`update trading.risk_state set day_peak_equity = greatest(day_peak_equity, ${peak}::numeric) where org_id = ${orgId} and user_id = ${userId}`,
  );
}
