import { sql } from 'drizzle-orm';
import { coreErrors, recordAudit, type AuditActor, type Db, type Platform } from '@tessera/core';
import type { AppointmentCreate, AppointmentPatch, AppointmentStatus, Card } from '../../contracts/index.ts';
import { boardErrors } from '../errors.ts';
import { isCalendarDate, sqlRows } from '../db/sql-rows.ts';
import { keyBetween } from '../board/fractional-key.ts';
import { cardById, lockBoardDay } from '../board/card-repository.ts';
import { recordBoardChange } from '../events/board-topic.ts';
import { existsIn, lastKeyOfColumn, servicesByIds, vehicleOwner, writeLines, type ServiceLineSource } from './appointment-repository.ts';

function checkWindow(start: string | null | undefined, end: string | null | undefined): void {
  if (start && end && end < start)
    throw coreErrors.VALIDATION_FAILED({ message: 'windowEnd is before windowStart.', details: { windowStart: start, windowEnd: end } });
}

async function checkRefs(
  tx: Db,
  orgId: string,
  customerId: string,
  refs: { vehicleId?: string | null | undefined; technicianId?: string | null | undefined },
): Promise<void> {
  if (refs.vehicleId) {
    const owner = await vehicleOwner(tx, orgId, refs.vehicleId);
    if (owner !== customerId)
      throw boardErrors.BOARD_RESOURCE_REFERENCE_INVALID({
        message: 'The vehicle does not exist in this shop or belongs to another customer.',
        details: { vehicleId: refs.vehicleId },
      });
  }
  if (refs.technicianId && !(await existsIn(tx, 'technicians', orgId, refs.technicianId))) {
    throw boardErrors.BOARD_RESOURCE_REFERENCE_INVALID({ message: 'No such technician in this shop.', details: { technicianId: refs.technicianId } });
  }
}

async function loadServices(tx: Db, orgId: string, ids: string[]): Promise<ServiceLineSource[]> {
  const found = await servicesByIds(tx, orgId, [...new Set(ids)]);
  const byId = new Map(found.map((s) => [s.id, s]));
  const missing = ids.filter((id) => !byId.get(id)?.active);
  if (missing.length)
    throw boardErrors.BOARD_RESOURCE_REFERENCE_INVALID({ message: 'A service does not exist in this shop or is inactive.', details: { serviceIds: missing } });
  return ids.map((id) => byId.get(id)!);
}

/** Books a job at the end of the day's scheduled column, capturing catalog prices. Runs in `tx`. */
export async function createAppointment(platform: Platform, tx: Db, orgId: string, actor: AuditActor, body: AppointmentCreate): Promise<Card> {
  if (!isCalendarDate(body.date)) throw boardErrors.BOARD_INVALID_DATE({ details: { date: body.date } });
  checkWindow(body.windowStart, body.windowEnd);
  if (!(await existsIn(tx, 'customers', orgId, body.customerId)))
    throw boardErrors.BOARD_RESOURCE_REFERENCE_INVALID({ message: 'No such customer in this shop.', details: { customerId: body.customerId } });
  await checkRefs(tx, orgId, body.customerId, body);
  const lines = await loadServices(tx, orgId, body.serviceIds);
  const status: AppointmentStatus = 'scheduled';
  // The day lock before the key: moves hold it while they place cards, so the end of the column
  // cannot change under us, and every writer of a shop-day takes the day before any card.
  await lockBoardDay(tx, orgId, body.date);
  const key = keyBetween(await lastKeyOfColumn(tx, orgId, body.date, status), null);
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into status_board.appointments (org_id, date, window_start, window_end, customer_id, vehicle_id, technician_id, status, promised_at, notes, sort_key)
        values (${orgId}, ${body.date}, ${body.windowStart ?? null}, ${body.windowEnd ?? null}, ${body.customerId}, ${body.vehicleId ?? null}, ${body.technicianId ?? null},
                ${status}, ${body.promisedAt ?? null}, ${body.notes ?? ''}, ${key}) returning id`,
  );
  const id = row!.id;
  const totals = await writeLines(tx, orgId, id, lines);
  await tx.execute(
    sql`update status_board.appointments set total_cents = ${totals.totalCents}, duration_minutes = ${totals.durationMinutes} where org_id = ${orgId} and id = ${id}`,
  );
  await recordBoardChange(platform, tx, actor, {
    orgId,
    appointmentId: id,
    date: body.date,
    kind: 'created',
    fromStatus: null,
    toStatus: status,
    sortKey: key,
    version: 1,
  });
  await recordAudit(tx, orgId, actor, {
    action: 'status-board.appointment.create',
    targetType: 'appointment',
    targetId: id,
    data: { date: body.date, customerId: body.customerId, totalCents: totals.totalCents },
  });
  return (await cardById(tx, orgId, id))!;
}

/** Edits a job's details under the same version guard as moves. */
export async function updateAppointment(platform: Platform, orgId: string, actor: AuditActor, id: string, body: AppointmentPatch): Promise<Card> {
  return platform.database.db.transaction(async (tx) => {
    // Day lock before the card lock, the order moves use (a job's date never changes).
    const [day] = await sqlRows<{ date: string }>(tx, sql`select date::text as date from status_board.appointments where org_id = ${orgId} and id = ${id}`);
    if (!day) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such job in this shop.' });
    await lockBoardDay(tx, orgId, day.date);
    const [cur] = await sqlRows<{
      version: number;
      customer_id: string;
      date: string;
      status: AppointmentStatus;
      sort_key: string;
      window_start: string | null;
      window_end: string | null;
    }>(
      tx,
      sql`select version, customer_id, date::text as date, status, sort_key, to_char(window_start, 'HH24:MI') as window_start, to_char(window_end, 'HH24:MI') as window_end
          from status_board.appointments where org_id = ${orgId} and id = ${id} for update`,
    );
    if (!cur) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such job in this shop.' });
    if (cur.version !== body.expectedVersion)
      throw boardErrors.BOARD_VERSION_CONFLICT({ details: { current: await cardById(tx, orgId, id), expectedVersion: body.expectedVersion } });
    checkWindow(body.windowStart === undefined ? cur.window_start : body.windowStart, body.windowEnd === undefined ? cur.window_end : body.windowEnd);
    await checkRefs(tx, orgId, cur.customer_id, body);
    const sets = [sql`version = version + 1`, sql`updated_at = now()`];
    if (body.vehicleId !== undefined) sets.push(sql`vehicle_id = ${body.vehicleId}`);
    if (body.technicianId !== undefined) sets.push(sql`technician_id = ${body.technicianId}`);
    if (body.windowStart !== undefined) sets.push(sql`window_start = ${body.windowStart}`);
    if (body.windowEnd !== undefined) sets.push(sql`window_end = ${body.windowEnd}`);
    if (body.promisedAt !== undefined) sets.push(sql`promised_at = ${body.promisedAt}`);
    if (body.notes !== undefined) sets.push(sql`notes = ${body.notes}`);
    if (body.serviceIds !== undefined) {
      if (cur.status === 'completed')
        throw boardErrors.BOARD_GUARD_FAILED({ message: 'Reopen a completed job (move it to ready) before changing its services.' });
      const totals = await writeLines(tx, orgId, id, await loadServices(tx, orgId, body.serviceIds));
      sets.push(sql`total_cents = ${totals.totalCents}`, sql`duration_minutes = ${totals.durationMinutes}`);
    }
    const [upd] = await sqlRows<{ version: number }>(
      tx,
      sql`update status_board.appointments set ${sql.join(sets, sql`, `)} where org_id = ${orgId} and id = ${id} returning version`,
    );
    await recordBoardChange(platform, tx, actor, {
      orgId,
      appointmentId: id,
      date: cur.date,
      kind: 'updated',
      fromStatus: cur.status,
      toStatus: cur.status,
      sortKey: cur.sort_key,
      version: upd!.version,
    });
    const { expectedVersion: _v, ...changes } = body;
    await recordAudit(tx, orgId, actor, { action: 'status-board.appointment.update', targetType: 'appointment', targetId: id, data: changes });
    return (await cardById(tx, orgId, id))!;
  });
}
