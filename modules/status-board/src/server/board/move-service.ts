import { sql } from 'drizzle-orm';
import { coreErrors, EVENT_BUS_CHANNEL, type AuditActor, type Platform } from '@tessera/core';
import { canTransition, ON_PREMISES, STATUSES, TRANSITIONS, type AppointmentStatus, type Card, type MoveBody, type MoveResult } from '../../contracts/index.ts';
import { boardErrors } from '../errors.ts';
import { pgError, sqlRows } from '../db/sql-rows.ts';
import { BOARD_TOPIC } from '../events/board-topic.ts';
import { MAX_KEY_LENGTH, withJitter } from './fractional-key.ts';

const MAX_ATTEMPTS = 10;

interface MoveRow {
  outcome: string;
  seq: string | number | null;
  card: Card | null;
  detail: { from?: AppointmentStatus } | string[] | null;
}

/**
 * Moves one card with a single statement: `status_board.move_card` (migration 0002) takes the
 * shop-day lock, then the card's, checks the version, works out the key between the named
 * neighbours, updates the card, bumps the day's seq, records the event and queues the bus
 * message. Run outside an explicit transaction, the statement commits on its own, so the day
 * lock is never held across a network round trip. Refusals come back as outcomes and write
 * nothing.
 */
export async function moveAppointment(platform: Platform, orgId: string, actor: AuditActor, id: string, body: MoveBody): Promise<MoveResult> {
  const to = body.toStatus;
  const allowedFrom = STATUSES.filter((s) => canTransition(s, to));
  const afterId = body.afterId ?? null;
  const beforeId = body.beforeId ?? null;
  for (let attempt = 1; ; attempt++) {
    let row: MoveRow | undefined;
    try {
      [row] = await sqlRows<MoveRow>(
        platform.database.db,
        sql`select outcome, seq, card, detail from status_board.move_card(
              ${orgId}, ${id}, ${to}, ${afterId}, ${beforeId}, ${body.expectedVersion},
              ${pgTextArray(allowedFrom)}::text[], ${pgTextArray(ON_PREMISES)}::text[],
              ${attempt > 1 ? withJitter('') : null}, ${MAX_KEY_LENGTH},
              ${actor.type}, ${actor.id}, ${EVENT_BUS_CHANNEL}, ${BOARD_TOPIC}, ${platform.events.instanceId})`,
      );
    } catch (err) {
      // A writer outside the day lock (or a deadlock victim) took the key: retry, with a random
      // key tail so racing movers spread apart.
      const pg = pgError(err);
      const retryable = pg && ((pg.code === '23505' && pg.constraint === 'appointments_column_key') || pg.code === '40P01' || pg.code === '40001');
      if (!retryable) throw err;
      if (attempt >= MAX_ATTEMPTS) throw boardErrors.BOARD_MOVE_RETRY_EXHAUSTED({ cause: err });
      continue;
    }
    if (!row) throw new Error('move_card returned no row');
    if (row.outcome === 'day_changed') {
      // Rescheduled between the unlocked read and the lock: lock the new day.
      if (attempt >= MAX_ATTEMPTS) throw boardErrors.BOARD_MOVE_RETRY_EXHAUSTED();
      continue;
    }
    return resultOf(row, body, afterId, beforeId);
  }
}

function resultOf(row: MoveRow, body: MoveBody, afterId: string | null, beforeId: string | null): MoveResult {
  const to = body.toStatus;
  switch (row.outcome) {
    case 'moved':
    case 'replayed':
      return { card: row.card!, seq: Number(row.seq), replayed: row.outcome === 'replayed' };
    case 'conflict':
      throw boardErrors.BOARD_VERSION_CONFLICT({ details: { current: row.card, expectedVersion: body.expectedVersion } });
    case 'not_found':
      throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such job in this shop.' });
    case 'forbidden': {
      const from = (row.detail as { from: AppointmentStatus }).from;
      throw boardErrors.BOARD_TRANSITION_FORBIDDEN({
        message: `A job cannot move from ${from} to ${to}.`,
        details: { from, to, allowed: TRANSITIONS[from] },
      });
    }
    case 'guard': {
      const missing = row.detail as string[];
      throw boardErrors.BOARD_GUARD_FAILED({ message: `A job needs a ${missing.join(' and a ')} before it can be completed.`, details: { missing } });
    }
    case 'neighbour_self':
      throw boardErrors.BOARD_NEIGHBOUR_INVALID({ message: 'A job cannot be placed next to itself.' });
    case 'neighbour_order':
      throw boardErrors.BOARD_NEIGHBOUR_INVALID({ message: 'afterId must come before beforeId in the column.' });
    case 'neighbour_missing':
      throw boardErrors.BOARD_NEIGHBOUR_INVALID({ details: { afterId, beforeId, toStatus: to } });
    default:
      throw new Error(`move_card answered an unknown outcome ${row.outcome}`);
  }
}

/** A PostgreSQL array literal of known status names (no quoting needed: they are [a-z_]). */
function pgTextArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}
