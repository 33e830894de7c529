import { describe, expect, it } from 'vitest';
import type { Board, Card } from '../../contracts/index.ts';
import { money, parseCents } from '../components/format.ts';
import { applyChange, findCard, placeCard, upsertServerCard } from './board-state.ts';

const card = (id: string, status: Card['status'], sortKey: string, version = 1): Card => ({
  id,
  date: '2025-09-20',
  status,
  sortKey,
  version,
  windowStart: null,
  windowEnd: null,
  promisedAt: null,
  statusChangedAt: '2025-09-20T08:00:00Z',
  notes: '',
  totalCents: 0,
  durationMinutes: 0,
  customer: { id: `c-${id}`, name: id, phone: null },
  vehicle: null,
  technician: null,
  lines: [],
});

const board = (): Board => ({
  date: '2025-09-20',
  seq: 10,
  columns: [
    { status: 'scheduled', label: 'Scheduled', cards: [card('a', 'scheduled', 'A'), card('b', 'scheduled', 'B'), card('c', 'scheduled', 'C')] },
    { status: 'checked_in', label: 'Checked in', cards: [card('d', 'checked_in', 'V')] },
  ],
});

describe('board state', () => {
  it('places a card optimistically after, before, or at the end', () => {
    const b = board();
    const ids = (x: Board, i: number) => x.columns[i]!.cards.map((c) => c.id);
    expect(ids(placeCard(b, findCard(b, 'c')!, 'scheduled', null, 'a'), 0)).toEqual(['c', 'a', 'b']);
    expect(ids(placeCard(b, findCard(b, 'a')!, 'checked_in', 'd', null), 1)).toEqual(['d', 'a']);
    expect(ids(placeCard(b, findCard(b, 'a')!, 'checked_in', null, null), 0)).toEqual(['b', 'c']);
    expect(ids(b, 0)).toEqual(['a', 'b', 'c']);
  });

  it('orders server copies by key byte-wise', () => {
    const b = upsertServerCard(board(), card('a', 'scheduled', 'Bz', 2));
    expect(b.columns[0]!.cards.map((c) => c.id)).toEqual(['b', 'a', 'c']);
    // Byte-wise: upper case sorts before lower case.
    const c = upsertServerCard(board(), card('a', 'scheduled', 'b', 2));
    expect(c.columns[0]!.cards.map((x) => x.id)).toEqual(['b', 'c', 'a']);
  });

  it('applies newer move events, ignores old ones and own echoes, asks for a refetch otherwise', () => {
    const b = board();
    const moved = applyChange(b, { date: b.date, seq: 11, appointmentId: 'a', kind: 'moved', status: 'checked_in', sortKey: 'W', version: 2 })!;
    expect(moved.seq).toBe(11);
    expect(moved.columns[1]!.cards.map((c) => c.id)).toEqual(['d', 'a']);
    expect(applyChange(moved, { date: b.date, seq: 11, appointmentId: 'a', kind: 'moved', status: 'scheduled', sortKey: 'A', version: 3 })).toBe(moved);
    const echo = applyChange(moved, { date: b.date, seq: 12, appointmentId: 'a', kind: 'moved', status: 'checked_in', sortKey: 'W', version: 2 })!;
    expect(echo.columns).toEqual(moved.columns);
    expect(applyChange(b, { date: b.date, seq: 11, appointmentId: 'zzz', kind: 'created', status: 'scheduled', sortKey: 'D', version: 1 })).toBeNull();
  });

  it('formats and parses money in integer cents', () => {
    expect(money(123456)).toBe('$1,234.56');
    expect(money(5)).toBe('$0.05');
    expect(parseCents('49.99')).toBe(4999);
    expect(parseCents('49.9')).toBe(4990);
    expect(parseCents('49')).toBe(4900);
    expect(parseCents('0.1.2')).toBeNull();
    expect(parseCents('-3')).toBeNull();
  });
});
