import { sql } from 'drizzle-orm';
import { coreErrors, type AuditActor, type Db, type Platform } from '@tessera/core';
import { canTransition, ON_PREMISES, TRANSITIONS, type AppointmentStatus, type MoveBody, type MoveResult } from '../../contracts/index.ts';
import { boardErrors } from '../errors.ts';
import { pgError, sqlRows } from '../db/sql-rows.ts';
import { recordBoardChange } from '../events/board-topic.ts';
import { boardSeqOf, cardById, lockBoardDay } from './card-repository.ts';
import { keyBetween, MAX_KEY_LENGTH, spreadKeys, withJitter } from './fractional-key.ts';

interface LockedCard {
  id: string;
  date: string;
  status: AppointmentStatus;
  version: number;
  sort_key: string;
  technician_id: string | null;
}

const MAX_ATTEMPTS = 10;

class DayChangedError extends Error {
  override name = 'DayChangedError';
}

/**
 * Moves one card. Only the moved card is locked; neighbours are read, not locked, so moves of
 * different cards never wait on each other except on the day's seq row at the very end. Two moves
 * that compute the same key collide on the unique (org, date, status, key) index and the loser
 * retries with fresh neighbours.
 */
export async function moveAppointment(platform: Platform, orgId: string, actor: AuditActor, id: string, body: MoveBody): Promise<MoveResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await platform.database.db.transaction((tx) => moveOnce(platform, tx, orgId, actor, id, body, attempt));
    } catch (err) {
      const pg = pgError(err);
      const retryable =
        err instanceof DayChangedError ||
        (pg && ((pg.code === '23505' && pg.constraint === 'appointments_column_key') || pg.code === '40P01' || pg.code === '40001'));
      if (!retryable) throw err;
      if (attempt >= MAX_ATTEMPTS) throw boardErrors.BOARD_MOVE_RETRY_EXHAUSTED({ cause: err });
    }
  }
}

async function moveOnce(platform: Platform, tx: Db, orgId: string, actor: AuditActor, id: string, body: MoveBody, attempt: number): Promise<MoveResult> {
  // Day lock first, card lock second: the same order for every move of a shop-day.
  const [day] = await sqlRows<{ date: string }>(tx, sql`select date::text as date from status_board.appointments where org_id = ${orgId} and id = ${id}`);
  if (!day) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such job in this shop.' });
  await lockBoardDay(tx, orgId, day.date);
  const [card] = await sqlRows<LockedCard>(
    tx,
    sql`select id, date::text as date, status, version, sort_key, technician_id from status_board.appointments where org_id = ${orgId} and id = ${id} for update`,
  );
  if (!card) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such job in this shop.' });
  // Rescheduled to another day between the two reads: lock that day instead.
  if (card.date !== day.date) throw new DayChangedError();
  const afterId = body.afterId ?? null;
  const beforeId = body.beforeId ?? null;

  if (card.version !== body.expectedVersion) {
    if (card.version === body.expectedVersion + 1 && (await isSameMoveApplied(tx, orgId, card, body.toStatus, afterId, beforeId))) {
      const current = await cardById(tx, orgId, id);
      return { card: current!, seq: await boardSeqOf(tx, orgId, card.date), replayed: true };
    }
    throw boardErrors.BOARD_VERSION_CONFLICT({ details: { current: await cardById(tx, orgId, id), expectedVersion: body.expectedVersion } });
  }
  const to = body.toStatus;
  if (!canTransition(card.status, to)) {
    throw boardErrors.BOARD_TRANSITION_FORBIDDEN({
      message: `A job cannot move from ${card.status} to ${to}.`,
      details: { from: card.status, to, allowed: TRANSITIONS[card.status] },
    });
  }
  if (to === 'completed' && card.status !== 'completed') await assertCompletable(tx, orgId, card);

  const key = await placeKey(tx, orgId, card, to, afterId, beforeId, attempt);
  const [updated] = await sqlRows<{ version: number }>(
    tx,
    sql`update status_board.appointments set
          status = ${to}, sort_key = ${key}, version = version + 1, updated_at = now(),
          status_changed_at = case when status <> ${to} then now() else status_changed_at end,
          checked_in_at = case when checked_in_at is null and ${to} = any(${sql.raw(onPremisesArray())}) then now() else checked_in_at end,
          completed_at = case when ${to} <> 'completed' then null when status = 'completed' then completed_at else now() end
        where org_id = ${orgId} and id = ${id} returning version`,
  );
  const version = updated!.version;
  // Read the card before taking the day's seq row lock: the lock is held until commit.
  const current = await cardById(tx, orgId, id);
  const seq = await recordBoardChange(platform, tx, actor, {
    orgId,
    appointmentId: id,
    date: card.date,
    kind: 'moved',
    fromStatus: card.status,
    toStatus: to,
    sortKey: key,
    version,
    afterId,
    beforeId,
  });
  return { card: current!, seq, replayed: false };
}

function onPremisesArray(): string {
  return `array[${ON_PREMISES.map((s) => `'${s}'`).join(',')}]::text[]`;
}

async function isSameMoveApplied(tx: Db, orgId: string, card: LockedCard, to: string, afterId: string | null, beforeId: string | null): Promise<boolean> {
  const [ev] = await sqlRows<{ to_status: string; after_id: string | null; before_id: string | null }>(
    tx,
    sql`select to_status, after_id, before_id from status_board.appointment_events
        where org_id = ${orgId} and appointment_id = ${card.id} and version = ${card.version} and kind = 'moved'
        order by id desc limit 1`,
  );
  return !!ev && ev.to_status === to && ev.after_id === afterId && ev.before_id === beforeId && card.status === to;
}

async function assertCompletable(tx: Db, orgId: string, card: LockedCard): Promise<void> {
  const [row] = await sqlRows<{ priced: number }>(
    tx,
    sql`select count(*)::int as priced from status_board.appointment_lines where org_id = ${orgId} and appointment_id = ${card.id} and price_cents > 0`,
  );
  const missing: string[] = [];
  if (!card.technician_id) missing.push('technician');
  if (!row || row.priced === 0) missing.push('priced service line');
  if (missing.length)
    throw boardErrors.BOARD_GUARD_FAILED({ message: `A job needs a ${missing.join(' and a ')} before it can be completed.`, details: { missing } });
}

/** Works out the new key from the neighbours the client named (or the end of the column). */
async function placeKey(
  tx: Db,
  orgId: string,
  card: LockedCard,
  to: AppointmentStatus,
  afterId: string | null,
  beforeId: string | null,
  attempt: number,
): Promise<string> {
  const ids = [afterId, beforeId].filter((x): x is string => x !== null);
  if (ids.includes(card.id) || (afterId && afterId === beforeId))
    throw boardErrors.BOARD_NEIGHBOUR_INVALID({ message: 'A job cannot be placed next to itself.' });
  const neighbours = ids.length
    ? await sqlRows<{ id: string; sort_key: string }>(
        tx,
        sql`select id, sort_key from status_board.appointments
            where org_id = ${orgId} and date = ${card.date} and status = ${to} and id in (${sql.join(
              ids.map((x) => sql`${x}`),
              sql`, `,
            )})`,
      )
    : [];
  if (neighbours.length !== ids.length) throw boardErrors.BOARD_NEIGHBOUR_INVALID({ details: { afterId, beforeId, toStatus: to } });
  const keyOf = (nid: string) => neighbours.find((n) => n.id === nid)!.sort_key;
  const column = sql`org_id = ${orgId} and date = ${card.date} and status = ${to} and id <> ${card.id}`;
  let lo: string | null;
  let hi: string | null;
  if (afterId && beforeId) {
    lo = keyOf(afterId);
    hi = keyOf(beforeId);
    if (lo >= hi) throw boardErrors.BOARD_NEIGHBOUR_INVALID({ message: 'afterId must come before beforeId in the column.' });
  } else if (afterId) {
    lo = keyOf(afterId);
    hi =
      (await sqlRows<{ k: string | null }>(tx, sql`select min(sort_key) as k from status_board.appointments where ${column} and sort_key > ${lo}`))[0]?.k ??
      null;
  } else if (beforeId) {
    hi = keyOf(beforeId);
    lo =
      (await sqlRows<{ k: string | null }>(tx, sql`select max(sort_key) as k from status_board.appointments where ${column} and sort_key < ${hi}`))[0]?.k ??
      null;
  } else {
    lo = (await sqlRows<{ k: string | null }>(tx, sql`select max(sort_key) as k from status_board.appointments where ${column}`))[0]?.k ?? null;
    hi = null;
  }
  let key = keyBetween(lo, hi);
  // After a collision, several movers aim at the same gap: a random tail spreads them apart.
  if (attempt > 1) key = withJitter(key);
  if (key.length <= MAX_KEY_LENGTH) return key;
  return rekeyColumn(tx, orgId, card, to, lo);
}

/**
 * Keys grew too long: give the whole column short, evenly spread keys, keeping its order, and
 * return the key for the moved card's slot (just after `lo`). The unique constraint is deferred
 * to commit so the column can be rewritten in place.
 */
async function rekeyColumn(tx: Db, orgId: string, card: LockedCard, to: AppointmentStatus, lo: string | null): Promise<string> {
  await tx.execute(sql`set constraints status_board.appointments_column_key deferred`);
  const rows = await sqlRows<{ id: string; sort_key: string }>(
    tx,
    sql`select id, sort_key from status_board.appointments where org_id = ${orgId} and date = ${card.date} and status = ${to} and id <> ${card.id} order by sort_key, id for update`,
  );
  const slot = lo === null ? 0 : rows.filter((r) => r.sort_key <= lo).length;
  const keys = spreadKeys(rows.length + 1);
  const others = rows.map((r, i) => ({ id: r.id, key: keys[i < slot ? i : i + 1]! }));
  if (others.length) {
    await tx.execute(sql`update status_board.appointments a set sort_key = v.k
      from (select unnest(${sql.raw(`array[${others.map((o) => `'${o.id}'`).join(',')}]`)}::uuid[]) as id, unnest(${sql.raw(`array[${others.map((o) => `'${o.key}'`).join(',')}]`)}::text[]) as k) v
      where a.org_id = ${orgId} and a.id = v.id`);
  }
  return keys[slot]!;
}
