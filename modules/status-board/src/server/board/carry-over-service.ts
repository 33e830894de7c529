import { sql } from 'drizzle-orm';
import { coreErrors, recordAudit, type AuditActor, type Platform } from '@tessera/core';
import { CARRY_OVER, type CarryOverBody, type CarryOverResult } from '../../contracts/index.ts';
import { sqlRows } from '../db/sql-rows.ts';
import { recordBoardChange } from '../events/board-topic.ts';
import { lockBoardDay } from './card-repository.ts';
import { keyBetween } from './fractional-key.ts';

/**
 * Hands a day's unfinished work (en route or on the premises) to another day, keeping each job's
 * column and their order, at the end of the target columns. Scheduled jobs stay: whether they are
 * no-shows or rebooked is the service writer's call. Both days' seq rows are locked in date order
 * (moves lock one day), so this never deadlocks with moves; each job records an event on both days
 * so screens of either day reload.
 */
export async function carryOver(platform: Platform, orgId: string, actor: AuditActor, body: CarryOverBody): Promise<CarryOverResult> {
  if (body.from === body.to) throw coreErrors.VALIDATION_FAILED({ message: 'from and to must be different days.', details: body });
  return platform.database.db.transaction(async (tx) => {
    for (const day of [body.from, body.to].sort()) await lockBoardDay(tx, orgId, day);
    const jobs = await sqlRows<{ id: string; status: string; version: number }>(
      tx,
      sql`select id, status, version from status_board.appointments
          where org_id = ${orgId} and date = ${body.from} and status = any(${`{${CARRY_OVER.join(',')}}`}::text[])
          order by status, sort_key, id for update`,
    );
    if (!jobs.length) {
      const [row] = await sqlRows<{ seq: string | number }>(tx, sql`select seq from status_board.board_seq where org_id = ${orgId} and date = ${body.to}`);
      return { carried: 0, ids: [], seq: Number(row?.seq ?? 0) };
    }
    const ends = await sqlRows<{ status: string; k: string | null }>(
      tx,
      sql`select status, max(sort_key) as k from status_board.appointments where org_id = ${orgId} and date = ${body.to} group by status`,
    );
    const last = new Map(ends.map((e) => [e.status, e.k]));
    const keys = jobs.map((j) => {
      const k = keyBetween(last.get(j.status) ?? null, null);
      last.set(j.status, k);
      return k;
    });
    await tx.execute(sql`update status_board.appointments a set date = ${body.to}, sort_key = v.k, version = a.version + 1, updated_at = now()
      from unnest(${`{${jobs.map((j) => j.id).join(',')}}`}::uuid[], ${`{${keys.join(',')}}`}::text[]) as v(id, k)
      where a.org_id = ${orgId} and a.id = v.id`);
    let seq = 0;
    for (const [i, j] of jobs.entries()) {
      const change = { orgId, appointmentId: j.id, kind: 'carried_over' as const, fromStatus: j.status, toStatus: j.status, version: j.version + 1 };
      await recordBoardChange(platform, tx, actor, { ...change, date: body.from, sortKey: null });
      seq = await recordBoardChange(platform, tx, actor, { ...change, date: body.to, sortKey: keys[i]! });
    }
    await recordAudit(tx, orgId, actor, {
      action: 'status-board.appointment.carry-over',
      targetType: 'day',
      targetId: body.from,
      data: { to: body.to, ids: jobs.map((j) => j.id) },
    });
    return { carried: jobs.length, ids: jobs.map((j) => j.id), seq };
  });
}
