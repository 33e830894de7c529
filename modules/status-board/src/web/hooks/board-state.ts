import type { AppointmentStatus, Board, BoardChange, Card } from '../../contracts/index.ts';

/** Pure board operations the hook applies optimistically and from the event stream. */

export function findCard(board: Board, id: string): Card | undefined {
  for (const col of board.columns) {
    const c = col.cards.find((x) => x.id === id);
    if (c) return c;
  }
  return undefined;
}

/** Puts `card` into `status` after `afterId` / before `beforeId` (or at the end). */
export function placeCard(board: Board, card: Card, status: AppointmentStatus, afterId: string | null, beforeId: string | null): Board {
  const columns = board.columns.map((col) => ({ ...col, cards: col.cards.filter((c) => c.id !== card.id) }));
  const target = columns.find((c) => c.status === status);
  if (!target) return board;
  const moved: Card = { ...card, status, statusChangedAt: card.status === status ? card.statusChangedAt : new Date().toISOString() };
  let index = target.cards.length;
  if (afterId) {
    const i = target.cards.findIndex((c) => c.id === afterId);
    if (i >= 0) index = i + 1;
  } else if (beforeId) {
    const i = target.cards.findIndex((c) => c.id === beforeId);
    if (i >= 0) index = i;
  }
  target.cards.splice(index, 0, moved);
  return { ...board, columns };
}

/** Replaces a card with the server's copy, in the column and key order the server says. */
export function upsertServerCard(board: Board, card: Card): Board {
  const columns = board.columns.map((col) => ({ ...col, cards: col.cards.filter((c) => c.id !== card.id) }));
  const target = columns.find((c) => c.status === card.status);
  if (!target) return board;
  target.cards.push(card);
  target.cards.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id < b.id ? -1 : 1));
  return { ...board, columns };
}

/**
 * Applies a change event if it is news for the card (a newer version); returns null when the
 * event cannot be applied locally (unknown card, edits) and the board must be refetched.
 */
export function applyChange(board: Board, change: BoardChange): Board | null {
  if (change.seq <= board.seq) return board;
  const card = findCard(board, change.appointmentId);
  if (!card || change.kind !== 'moved' || !change.status || !change.sortKey) return null;
  if (change.version <= card.version) return { ...board, seq: change.seq };
  const next = upsertServerCard(board, {
    ...card,
    status: change.status as AppointmentStatus,
    sortKey: change.sortKey,
    version: change.version,
    statusChangedAt: card.status === change.status ? card.statusChangedAt : new Date().toISOString(),
  });
  return { ...next, seq: change.seq };
}
