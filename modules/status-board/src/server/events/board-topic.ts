import type { AuditActor, Db, Platform } from '@tessera/core';
import { appendBoardEvent, type BoardEventInput } from '../board/card-repository.ts';

export const BOARD_TOPIC = 'status-board.changed';
/** Shop-wide edits (labels, catalog, customers, technicians): streams of every day send `resync`. */
export const SHOP_TOPIC = 'status-board.shop-changed';
export interface ShopChangedPayload {
  orgId: string;
}

/** What travels on the cross-instance bus (well under the NOTIFY size limit). */
export interface BoardChangedPayload {
  orgId: string;
  date: string;
  seq: number;
  appointmentId: string;
  kind: string;
  status: string | null;
  sortKey: string | null;
  version: number;
}

/**
 * Records one change of a day's board inside the caller's transaction: bumps the day's seq,
 * appends the event row and queues the bus message for commit. Call it last in the transaction:
 * the seq row lock is held until commit.
 */
export async function recordBoardChange(
  platform: Platform,
  tx: Db,
  actor: AuditActor,
  change: Omit<BoardEventInput, 'seq' | 'actorType' | 'actorId'>,
): Promise<number> {
  const seq = await appendBoardEvent(tx, { ...change, actorType: actor.type, actorId: actor.id });
  const payload: BoardChangedPayload = {
    orgId: change.orgId,
    date: change.date,
    seq,
    appointmentId: change.appointmentId,
    kind: change.kind,
    status: change.toStatus,
    sortKey: change.sortKey,
    version: change.version,
  };
  await platform.events.publishInTransaction(tx, BOARD_TOPIC, payload);
  return seq;
}
