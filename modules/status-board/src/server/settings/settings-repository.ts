import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { sqlRows } from '../db/sql-rows.ts';

export const DEFAULT_TIME_ZONE = 'UTC';

export async function shopTimeZone(db: Db, orgId: string): Promise<string> {
  const [row] = await sqlRows<{ time_zone: string }>(db, sql`select time_zone from status_board.shop_settings where org_id = ${orgId}`);
  return row?.time_zone ?? DEFAULT_TIME_ZONE;
}

/** Sets the zone and answers the previous one (for the audit entry). */
export async function setShopTimeZone(tx: Db, orgId: string, timeZone: string): Promise<string> {
  const [prev] = await sqlRows<{ time_zone: string }>(tx, sql`select time_zone from status_board.shop_settings where org_id = ${orgId} for update`);
  await tx.execute(
    sql`insert into status_board.shop_settings (org_id, time_zone) values (${orgId}, ${timeZone})
        on conflict (org_id) do update set time_zone = excluded.time_zone, updated_at = now()`,
  );
  return prev?.time_zone ?? DEFAULT_TIME_ZONE;
}

/** PostgreSQL has its own zone database: a name Intl knows may still be unknown to it. */
export async function databaseKnowsZone(db: Db, timeZone: string): Promise<boolean> {
  try {
    await sqlRows(db, sql`select now() at time zone ${timeZone} as t`);
    return true;
  } catch {
    return false;
  }
}
