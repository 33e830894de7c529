import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import type { HistoryEntry } from '../../contracts/index.ts';
import { sqlRows } from '../db/sql-rows.ts';

export interface ServiceLineSource {
  id: string;
  code: string;
  name: string;
  price_cents: string | number;
  duration_minutes: number;
  active: boolean;
}

export async function servicesByIds(tx: Db, orgId: string, ids: string[]): Promise<ServiceLineSource[]> {
  if (!ids.length) return [];
  return sqlRows<ServiceLineSource>(
    tx,
    sql`select id, code, name, price_cents, duration_minutes, active from status_board.services where org_id = ${orgId} and id in (${sql.join(
      ids.map((x) => sql`${x}`),
      sql`, `,
    )})`,
  );
}

export async function existsIn(tx: Db, table: 'customers' | 'technicians', orgId: string, id: string): Promise<boolean> {
  const rows = await sqlRows<{ one: number }>(tx, sql`select 1 as one from ${sql.raw(`status_board.${table}`)} where org_id = ${orgId} and id = ${id}`);
  return rows.length > 0;
}

export async function vehicleOwner(tx: Db, orgId: string, vehicleId: string): Promise<string | null> {
  const [row] = await sqlRows<{ customer_id: string }>(tx, sql`select customer_id from status_board.vehicles where org_id = ${orgId} and id = ${vehicleId}`);
  return row?.customer_id ?? null;
}

export async function lastKeyOfColumn(tx: Db, orgId: string, date: string, status: string): Promise<string | null> {
  const [row] = await sqlRows<{ k: string | null }>(
    tx,
    sql`select max(sort_key) as k from status_board.appointments where org_id = ${orgId} and date = ${date} and status = ${status}`,
  );
  return row?.k ?? null;
}

/** Replaces the job's lines with the given services at today's catalog prices; returns totals. */
export async function writeLines(
  tx: Db,
  orgId: string,
  appointmentId: string,
  sources: ServiceLineSource[],
): Promise<{ totalCents: number; durationMinutes: number }> {
  await tx.execute(sql`delete from status_board.appointment_lines where org_id = ${orgId} and appointment_id = ${appointmentId}`);
  let total = 0;
  let minutes = 0;
  if (sources.length) {
    const values = sources.map((s, i) => {
      total += Number(s.price_cents);
      minutes += s.duration_minutes;
      return sql`(${orgId}, ${appointmentId}, ${s.id}, ${s.code}, ${s.name}, ${Number(s.price_cents)}, ${s.duration_minutes}, ${i})`;
    });
    await tx.execute(
      sql`insert into status_board.appointment_lines (org_id, appointment_id, service_id, code, name, price_cents, duration_minutes, position) values ${sql.join(values, sql`, `)}`,
    );
  }
  return { totalCents: total, durationMinutes: minutes };
}

export async function historyOf(db: Db, orgId: string, appointmentId: string): Promise<HistoryEntry[]> {
  return sqlRows<HistoryEntry>(
    db,
    sql`select seq::int as "seq", kind, from_status as "fromStatus", to_status as "toStatus", version, actor_type as "actorType", actor_id as "actorId", to_json(at)#>>'{}' as "at"
        from status_board.appointment_events where org_id = ${orgId} and appointment_id = ${appointmentId} order by id`,
  );
}
