import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import type { AppointmentStatus, Card } from '../../contracts/index.ts';
import { sqlRows } from '../db/sql-rows.ts';

/**
 * Cards as JSON built by the database: one round trip, identical on both drivers. The same object
 * as `status_board.card_json` (migration 0002) for one card; a test holds the two together.
 */
const CARD_SELECT = sql`
  select json_build_object(
    'id', a.id, 'date', a.date, 'status', a.status, 'sortKey', a.sort_key, 'version', a.version,
    'windowStart', to_char(a.window_start, 'HH24:MI'), 'windowEnd', to_char(a.window_end, 'HH24:MI'),
    'promisedAt', a.promised_at, 'statusChangedAt', a.status_changed_at, 'notes', a.notes,
    'totalCents', a.total_cents, 'durationMinutes', a.duration_minutes,
    'customer', json_build_object('id', c.id, 'name', c.name, 'phone', c.phone),
    'vehicle', case when v.id is null then null else json_build_object('id', v.id, 'year', v.year, 'make', v.make, 'model', v.model, 'plate', v.plate, 'vin', v.vin) end,
    'technician', case when t.id is null then null else json_build_object('id', t.id, 'name', t.name) end,
    'lines', coalesce((select json_agg(json_build_object('id', l.id, 'serviceId', l.service_id, 'code', l.code, 'name', l.name, 'priceCents', l.price_cents, 'durationMinutes', l.duration_minutes) order by l.position)
                       from status_board.appointment_lines l where l.org_id = a.org_id and l.appointment_id = a.id), '[]'::json)
  ) as card
  from status_board.appointments a
  join status_board.customers c on c.org_id = a.org_id and c.id = a.customer_id
  left join status_board.vehicles v on v.org_id = a.org_id and v.id = a.vehicle_id
  left join status_board.technicians t on t.org_id = a.org_id and t.id = a.technician_id`;

async function cardsWhere(db: Db, where: SQL): Promise<Card[]> {
  const rows = await sqlRows<{ card: Card }>(db, sql`${CARD_SELECT} where ${where} order by a.status, a.sort_key, a.id`);
  return rows.map((r) => r.card);
}

export function cardsOfDay(db: Db, orgId: string, date: string): Promise<Card[]> {
  return cardsWhere(db, sql`a.org_id = ${orgId} and a.date = ${date}`);
}

/** One card through `status_board.card_json`, the builder the move function answers with. */
export async function cardById(db: Db, orgId: string, id: string): Promise<Card | null> {
  const [row] = await sqlRows<{ card: Card | null }>(db, sql`select status_board.card_json(${orgId}, ${id}) as card`);
  return row?.card ?? null;
}

/**
 * Takes the day's sequence row lock (creating the row at 0 if the day has none). Every change of
 * a shop-day bumps this row before commit anyway; taking it first means concurrent moves queue
 * here instead of waiting on each other's uncommitted sort keys, which deadlocked.
 */
export async function lockBoardDay(tx: Db, orgId: string, date: string): Promise<void> {
  await tx.execute(
    sql`insert into status_board.board_seq (org_id, date, seq) values (${orgId}, ${date}, 0)
        on conflict (org_id, date) do update set seq = status_board.board_seq.seq`,
  );
}

export async function boardSeqOf(db: Db, orgId: string, date: string): Promise<number> {
  const [row] = await sqlRows<{ seq: string | number }>(db, sql`select seq from status_board.board_seq where org_id = ${orgId} and date = ${date}`);
  return row ? Number(row.seq) : 0;
}

export async function labelsOf(db: Db, orgId: string): Promise<Map<AppointmentStatus, string>> {
  const rows = await sqlRows<{ status: AppointmentStatus; label: string }>(
    db,
    sql`select status, label from status_board.status_labels where org_id = ${orgId}`,
  );
  return new Map(rows.map((r) => [r.status, r.label]));
}

export interface BoardEventInput {
  orgId: string;
  appointmentId: string;
  date: string;
  seq: number;
  kind: 'created' | 'moved' | 'updated' | 'carried_over';
  fromStatus: string | null;
  toStatus: string | null;
  sortKey: string | null;
  version: number;
  afterId?: string | null;
  beforeId?: string | null;
  actorType: string;
  actorId: string | null;
}

/** Bumps the day's seq and appends the event in one statement (one round trip under the seq lock). */
export async function appendBoardEvent(tx: Db, e: Omit<BoardEventInput, 'seq'>): Promise<number> {
  const [row] = await sqlRows<{ seq: string | number }>(
    tx,
    sql`with s as (
          insert into status_board.board_seq (org_id, date, seq) values (${e.orgId}, ${e.date}, 1)
          on conflict (org_id, date) do update set seq = status_board.board_seq.seq + 1 returning seq)
        insert into status_board.appointment_events
          (org_id, appointment_id, date, seq, kind, from_status, to_status, sort_key, version, after_id, before_id, actor_type, actor_id)
        select ${e.orgId}, ${e.appointmentId}, ${e.date}, s.seq, ${e.kind}, ${e.fromStatus}, ${e.toStatus}, ${e.sortKey}, ${e.version}, ${e.afterId ?? null}, ${e.beforeId ?? null}, ${e.actorType}, ${e.actorId}
        from s returning seq`,
  );
  return Number(row?.seq);
}

export async function listCards(
  db: Db,
  orgId: string,
  f: { date?: string | undefined; status?: string | undefined; customerId?: string | undefined; limit: number; offset: number },
): Promise<{ items: Card[]; total: number }> {
  const conds = [sql`a.org_id = ${orgId}`];
  if (f.date) conds.push(sql`a.date = ${f.date}`);
  if (f.status) conds.push(sql`a.status = ${f.status}`);
  if (f.customerId) conds.push(sql`a.customer_id = ${f.customerId}`);
  const where = sql.join(conds, sql` and `);
  const [rows, [total]] = await Promise.all([
    sqlRows<{ card: Card }>(
      db,
      sql`${CARD_SELECT} where ${where} order by a.date desc, a.window_start nulls last, a.sort_key, a.id limit ${f.limit} offset ${f.offset}`,
    ),
    sqlRows<{ n: number }>(db, sql`select count(*)::int as n from status_board.appointments a where ${where}`),
  ]);
  return { items: rows.map((r) => r.card), total: total?.n ?? 0 };
}
