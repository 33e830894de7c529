import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { sqlRows } from '../db/sql-rows.ts';

export interface ReplayRow {
  seq: string | number;
  appointment_id: string;
  kind: string;
  to_status: string | null;
  sort_key: string | null;
  version: number;
}

/** The day's board changes after `afterSeq`, oldest first, at most `limit` rows. */
export async function boardEventsAfter(db: Db, orgId: string, date: string, afterSeq: number, limit: number): Promise<ReplayRow[]> {
  return sqlRows<ReplayRow>(
    db,
    sql`select seq, appointment_id, kind, to_status, sort_key, version from status_board.appointment_events
        where org_id = ${orgId} and date = ${date} and seq > ${afterSeq} order by seq limit ${limit}`,
  );
}
