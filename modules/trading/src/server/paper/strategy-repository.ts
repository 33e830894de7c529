import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { one, rows } from '../db/sql-rows.ts';
import type { StrategyKind, StrategyParams } from './strategy-signals.ts';

export interface StrategyRow {
  id: string;
  portfolio_id: string;
  name: string;
  kind: StrategyKind;
  asset: string;
  params: StrategyParams;
  max_exposure: string;
  enabled: boolean;
  cursor_ts: string | null;
}

export interface NewStrategy {
  portfolioId: string;
  name: string;
  kind: StrategyKind;
  asset: string;
  params: StrategyParams;
  maxExposure: string;
}

const COLS = sql`id, portfolio_id, name, kind, asset, params, max_exposure::text, enabled, cursor_ts::text`;

export async function findStrategy(db: Db, orgId: string, userId: string, id: string): Promise<StrategyRow | undefined> {
  return one<StrategyRow>(db, sql`select ${COLS} from trading.strategies where org_id = ${orgId} and user_id = ${userId} and id = ${id}`);
}

export async function listStrategies(db: Db, orgId: string, userId: string): Promise<StrategyRow[]> {
  return rows<StrategyRow>(db, sql`select ${COLS} from trading.strategies where org_id = ${orgId} and user_id = ${userId} order by created_at`);
}

export async function insertStrategy(db: Db, orgId: string, userId: string, s: NewStrategy): Promise<StrategyRow> {
  return (await one<StrategyRow>(
    db,
    sql`insert into trading.strategies (org_id, user_id, portfolio_id, name, kind, asset, params, max_exposure) values (${orgId}, ${userId}, ${s.portfolioId}, ${s.name}, ${s.kind}, ${s.asset}, ${JSON.stringify(s.params)}::jsonb, ${s.maxExposure}::numeric) returning ${COLS}`,
  ))!;
}

/** Records the candle the strategy was last evaluated on (in the run's transaction: a refusal rolls it back). */
export async function advanceStrategyCursor(db: Db, id: string, ts: Date): Promise<void> {
  await db.execute(sql`update trading.strategies set cursor_ts = ${ts.toISOString()}::timestamptz where id = ${id}`);
}
