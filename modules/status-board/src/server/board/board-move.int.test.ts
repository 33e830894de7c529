import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '@tessera/testkit';
import { createStatusBoardModule } from '../index.ts';
import type { Card, MoveResult } from '../../contracts/index.ts';
import { board, book, call, column, newShop, P, type Shop } from '../testing/board-fixture.ts';

const DAY = '2025-09-20';
let shop: Shop;

beforeAll(async () => {
  shop = await newShop(await createTestApp({ modules: [createStatusBoardModule()] }));
});
afterAll(async () => {
  await shop.t.close();
});

const move = (id: string, body: Record<string, unknown>) =>
  shop.t.app.inject({ method: 'POST', url: `${P}/appointments/${id}/move`, headers: shop.auth, payload: body });

describe('board and moves', () => {
  it('lists every fixed column in order, new jobs at the end of scheduled, seq counting changes', async () => {
    const empty = await board(shop, '2025-01-01');
    expect(empty.seq).toBe(0);
    expect(empty.columns.map((c) => c.status)).toEqual([
      'scheduled',
      'en_route',
      'checked_in',
      'in_progress',
      'waiting_parts',
      'waiting_approval',
      'ready',
      'completed',
      'no_show',
      'cancelled',
    ]);
    const a = await book(shop, DAY);
    const b = await book(shop, DAY);
    const c = await book(shop, DAY);
    const day = await board(shop, DAY);
    expect(day.seq).toBe(3);
    expect(column(day, 'scheduled').map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    expect(a.totalCents).toBe(4999 + 2999);
    expect(a.lines.map((l) => [l.code, l.priceCents])).toEqual([
      ['OIL001', 4999],
      ['TIRE001', 2999],
    ]);
    expect(a.customer.name).toBe('Ana Ruiz');
    expect(a.vehicle?.make).toBe('Toyota');
  });

  it('moves a card between columns and positions, bumping version and seq', async () => {
    const before = await board(shop, DAY);
    const [a, b, c] = column(before, 'scheduled') as [Card, Card, Card];
    const r1 = move(c.id, { toStatus: 'scheduled', beforeId: a.id, expectedVersion: c.version });
    const res1 = await r1;
    expect(res1.statusCode).toBe(200);
    const m1 = res1.json<MoveResult>();
    expect(m1.card.version).toBe(c.version + 1);
    expect(m1.seq).toBe(before.seq + 1);
    expect(column(await board(shop, DAY), 'scheduled').map((x) => x.id)).toEqual([c.id, a.id, b.id]);

    const res2 = await move(a.id, { toStatus: 'checked_in', expectedVersion: a.version });
    expect(res2.statusCode).toBe(200);
    const res3 = await move(b.id, { toStatus: 'checked_in', afterId: null, beforeId: a.id, expectedVersion: b.version });
    expect(res3.statusCode).toBe(200);
    const after = await board(shop, DAY);
    expect(column(after, 'checked_in').map((x) => x.id)).toEqual([b.id, a.id]);
    expect(column(after, 'scheduled').map((x) => x.id)).toEqual([c.id]);
    expect(after.seq).toBe(before.seq + 3);
  });

  it('answers a stale version with 409 and the current card, and changes nothing', async () => {
    const day = await board(shop, DAY);
    const card = column(day, 'checked_in')[0]!;
    const res = await move(card.id, { toStatus: 'in_progress', expectedVersion: card.version - 1 });
    expect(res.statusCode).toBe(409);
    const err = res.json<{ error: { code: string; details: { current: Card } } }>().error;
    expect(err.code).toBe('BOARD_VERSION_CONFLICT');
    expect(err.details.current.id).toBe(card.id);
    expect(err.details.current.version).toBe(card.version);
    expect((await board(shop, DAY)).seq).toBe(day.seq);
  });

  it('treats a re-sent identical move as harmless and a different late move as a conflict', async () => {
    const day = await board(shop, DAY);
    const card = column(day, 'checked_in')[0]!;
    const body = { toStatus: 'in_progress', expectedVersion: card.version };
    const first = await move(card.id, body);
    expect(first.statusCode).toBe(200);
    const again = await move(card.id, body);
    expect(again.statusCode).toBe(200);
    expect(again.json<MoveResult>().replayed).toBe(true);
    expect(again.json<MoveResult>().card.version).toBe(card.version + 1);
    const other = await move(card.id, { toStatus: 'waiting_parts', expectedVersion: card.version });
    expect(other.statusCode).toBe(409);
    expect((await board(shop, DAY)).seq).toBe(day.seq + 1);
  });

  it('refuses forbidden transitions, unknown statuses, bad neighbours, foreign ids and malformed bodies', async () => {
    const day = await board(shop, DAY);
    const sched = column(day, 'scheduled')[0]!;
    const inProg = column(day, 'in_progress')[0]!;
    const cases: [string, Record<string, unknown>, number, string][] = [
      [sched.id, { toStatus: 'completed', expectedVersion: sched.version }, 422, 'BOARD_TRANSITION_FORBIDDEN'],
      [sched.id, { toStatus: 'ready', expectedVersion: sched.version }, 422, 'BOARD_TRANSITION_FORBIDDEN'],
      [sched.id, { toStatus: 'teleported', expectedVersion: sched.version }, 400, 'VALIDATION_FAILED'],
      [sched.id, { toStatus: 'scheduled', afterId: inProg.id, expectedVersion: sched.version }, 422, 'BOARD_NEIGHBOUR_INVALID'],
      [sched.id, { toStatus: 'scheduled', afterId: sched.id, expectedVersion: sched.version }, 422, 'BOARD_NEIGHBOUR_INVALID'],
      [sched.id, { toStatus: 'scheduled', afterId: '00000000-0000-4000-8000-000000000000', expectedVersion: sched.version }, 422, 'BOARD_NEIGHBOUR_INVALID'],
      [sched.id, { toStatus: 'scheduled', expectedVersion: 'one' }, 400, 'VALIDATION_FAILED'],
      [sched.id, { toStatus: 'scheduled', expectedVersion: 1, extra: true }, 400, 'VALIDATION_FAILED'],
      [sched.id, {}, 400, 'VALIDATION_FAILED'],
      ['00000000-0000-4000-8000-000000000000', { toStatus: 'scheduled', expectedVersion: 1 }, 404, 'RESOURCE_NOT_FOUND'],
      ['not-a-uuid', { toStatus: 'scheduled', expectedVersion: 1 }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [id, body, status, code] of cases) {
      const res = await move(id, body);
      expect([res.statusCode, res.json<{ error: { code: string } }>().error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const malformed = await shop.t.app.inject({
      method: 'POST',
      url: `${P}/appointments/${sched.id}/move`,
      headers: { ...shop.auth, 'content-type': 'application/json' },
      payload: '{"toStatus":',
    });
    expect(malformed.statusCode).toBe(400);
    const after = await board(shop, DAY);
    expect(after.seq).toBe(day.seq);
    expect(after).toEqual(day);
  });

  it('guards completion: a technician and a priced line are required', async () => {
    const bare = await book(shop, DAY, { technicianId: null, serviceIds: [] });
    const moves = ['checked_in', 'in_progress'];
    let version = bare.version;
    for (const toStatus of moves) {
      const r = await move(bare.id, { toStatus, expectedVersion: version });
      expect(r.statusCode).toBe(200);
      version = r.json<MoveResult>().card.version;
    }
    const refused = await move(bare.id, { toStatus: 'completed', expectedVersion: version });
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ error: { code: string; details: { missing: string[] } } }>().error.details.missing).toEqual(['technician', 'priced service line']);
    const patched = await call<Card>(shop.t, shop.auth, 'PATCH', `${P}/appointments/${bare.id}`, {
      expectedVersion: version,
      technicianId: shop.technicianId,
      serviceIds: [shop.serviceIds[0]],
    });
    const done = await move(bare.id, { toStatus: 'completed', expectedVersion: patched.version });
    expect(done.statusCode).toBe(200);
    const history = await call<{ kind: string; toStatus: string }[]>(shop.t, shop.auth, 'GET', `${P}/appointments/${bare.id}/history`);
    expect(history.map((h) => `${h.kind}:${h.toStatus}`)).toEqual([
      'created:scheduled',
      'moved:checked_in',
      'moved:in_progress',
      'updated:in_progress',
      'moved:completed',
    ]);
  });

  it('rejects invalid dates on the board and stats', async () => {
    for (const d of ['2025-02-30', '2025-13-01', 'yesterday', '2025-1-1', '']) {
      for (const path of ['board', 'stats']) {
        const res = await shop.t.app.inject({ method: 'GET', url: `${P}/${path}?date=${d}`, headers: shop.auth });
        expect(res.statusCode, `${path} ${d}`).toBe(400);
        expect(['BOARD_INVALID_DATE', 'VALIDATION_FAILED']).toContain(res.json<{ error: { code: string } }>().error.code);
      }
    }
  });

  it('re-keys a column when a new key would pass 50 characters, keeping the order', async () => {
    const date = '2025-10-01';
    const [x, y, z, m] = [await book(shop, date), await book(shop, date), await book(shop, date), await book(shop, date)];
    // Give x a 50-character key just below y's, so the next key between them would be longer.
    const yKey = column(await board(shop, date), 'scheduled').find((c) => c.id === y.id)!.sortKey;
    const longKey = String.fromCharCode(yKey.charCodeAt(0) - 1) + 'z'.repeat(49);
    await shop.t.platform.database.query('update status_board.appointments set sort_key = $1 where id = $2', [longKey, x.id]);
    const r = await move(m.id, { toStatus: 'scheduled', afterId: x.id, beforeId: y.id, expectedVersion: m.version });
    expect(r.statusCode, r.body).toBe(200);
    const cards = column(await board(shop, date), 'scheduled');
    expect(cards.map((c) => c.id)).toEqual([x.id, m.id, y.id, z.id]);
    expect(Math.max(...cards.map((c) => c.sortKey.length))).toBeLessThanOrEqual(3);
    expect(new Set(cards.map((c) => c.sortKey)).size).toBe(4);
    // Other cards' keys changed too, so screens are told to reload rather than place one card.
    const history = await call<{ kind: string }[]>(shop.t, shop.auth, 'GET', `${P}/appointments/${m.id}/history`);
    expect(history.at(-1)!.kind).toBe('rekeyed');
  });

  it('serves a cached board only while nothing changed: a customer rename shows at once', async () => {
    const first = await board(shop, DAY);
    expect(await board(shop, DAY)).toEqual(first);
    await call(shop.t, shop.auth, 'PATCH', `${P}/customers/${shop.customerId}`, { name: 'Ana Ruiz-Lopez' });
    const renamed = await board(shop, DAY);
    expect(renamed.seq).toBe(first.seq);
    expect(renamed.columns.flatMap((c) => c.cards).every((c) => c.customer.name === 'Ana Ruiz-Lopez')).toBe(true);
  });
});
