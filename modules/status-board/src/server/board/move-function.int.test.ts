import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '@tessera/testkit';
import { createStatusBoardModule } from '../index.ts';
import type { Card, MoveResult } from '../../contracts/index.ts';
import { board, book, call, column, newShop, P, populateShop, type Shop } from '../testing/board-fixture.ts';
import { keyBetween, spreadKeys } from './fractional-key.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await newShop(await createTestApp({ modules: [createStatusBoardModule()] }));
});
afterAll(async () => {
  await shop.t.close();
});

/** Key pairs that exercise every branch: open ends, neighbours one digit apart, long tails. */
function keyPairs(): [string | null, string | null][] {
  let rng = 7;
  const rand = () => (rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const keys: string[] = [keyBetween(null, null)];
  for (let i = 0; i < 300; i++) {
    const pos = Math.floor(rand() * (keys.length + 1));
    keys.splice(pos, 0, keyBetween(keys[pos - 1] ?? null, keys[pos] ?? null));
  }
  const pairs: [string | null, string | null][] = [
    [null, null],
    [null, keys[0]!],
    [keys.at(-1)!, null],
    ['z', null],
    ['zzz', null],
    ['A', 'B'],
    ['Az', 'B'],
    ['1', '11'],
  ];
  for (let i = 0; i + 1 < keys.length; i += 3) pairs.push([keys[i]!, keys[i + 1]!], [keys[i]!, null], [null, keys[i + 1]!]);
  return pairs;
}

describe('the move function in the database', () => {
  it('computes the same fractional keys as the TypeScript implementation', async () => {
    const pairs = keyPairs();
    const rows = await shop.t.platform.database.query<{ k: string }>(
      `select status_board.key_between(a, b) as k from unnest($1::text[], $2::text[]) with ordinality as u(a, b, n) order by n`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    expect(rows.map((r) => r.k)).toEqual(pairs.map(([a, b]) => keyBetween(a, b)));
  });

  it('spreads re-keyed columns exactly like spreadKeys', async () => {
    for (const total of [1, 2, 7, 60, 61, 62, 500, 4000]) {
      const rows = await shop.t.platform.database.query<{ k: string }>(
        `select status_board.spread_key(n, $1) as k from generate_series(1, $1) as n order by n`,
        [total],
      );
      expect(rows.map((r) => r.k)).toEqual(spreadKeys(total));
    }
  });

  it('answers a move with the same card object the board, the job read and a conflict show', async () => {
    const date = '2025-12-01';
    const a = await book(shop, date, { promisedAt: '2025-12-01T16:30:00Z', notes: 'rattle at idle' });
    const b = await book(shop, date, { vehicleId: null, technicianId: null, serviceIds: [] });
    const moved = await call<MoveResult>(shop.t, shop.auth, 'POST', `${P}/appointments/${a.id}/move`, { toStatus: 'checked_in', expectedVersion: a.version });
    const day = await board(shop, date);
    expect(column(day, 'checked_in')).toEqual([moved.card]);
    expect(await call<Card>(shop.t, shop.auth, 'GET', `${P}/appointments/${a.id}`)).toEqual(moved.card);
    expect(await call<Card>(shop.t, shop.auth, 'GET', `${P}/appointments/${b.id}`)).toEqual(column(day, 'scheduled')[0]);
    const stale = await shop.t.app.inject({
      method: 'POST',
      url: `${P}/appointments/${a.id}/move`,
      headers: shop.auth,
      payload: { toStatus: 'in_progress', expectedVersion: a.version },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { details: { current: Card } } }>().error.details.current).toEqual(moved.card);
  });

  it("answers another shop's job 404 and another shop's neighbour 422, and neither board changes", async () => {
    const date = '2025-12-03';
    const other = await populateShop(shop.t, await shop.t.createOrg());
    const mine = await book(shop, date);
    const theirs = await book(other, date);
    const [mineBefore, theirsBefore] = [await board(shop, date), await board(other, date)];
    const foreignCard = await shop.t.app.inject({
      method: 'POST',
      url: `${P}/appointments/${theirs.id}/move`,
      headers: shop.auth,
      payload: { toStatus: 'checked_in', expectedVersion: theirs.version },
    });
    expect([foreignCard.statusCode, foreignCard.json<{ error: { code: string } }>().error.code]).toEqual([404, 'RESOURCE_NOT_FOUND']);
    const foreignNeighbour = await shop.t.app.inject({
      method: 'POST',
      url: `${P}/appointments/${mine.id}/move`,
      headers: shop.auth,
      payload: { toStatus: 'scheduled', beforeId: theirs.id, expectedVersion: mine.version },
    });
    expect([foreignNeighbour.statusCode, foreignNeighbour.json<{ error: { code: string } }>().error.code]).toEqual([422, 'BOARD_NEIGHBOUR_INVALID']);
    expect(await board(shop, date)).toEqual(mineBefore);
    expect(await board(other, date)).toEqual(theirsBefore);
  });

  it('keeps a refused move from writing anything: no seq, no event, no version bump', async () => {
    const date = '2025-12-02';
    const a = await book(shop, date);
    const before = await board(shop, date);
    const refusals = [
      { toStatus: 'completed', expectedVersion: a.version },
      { toStatus: 'scheduled', afterId: a.id, expectedVersion: a.version },
      { toStatus: 'checked_in', expectedVersion: a.version + 5 },
    ];
    for (const payload of refusals) {
      const res = await shop.t.app.inject({ method: 'POST', url: `${P}/appointments/${a.id}/move`, headers: shop.auth, payload });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    expect(await board(shop, date)).toEqual(before);
    const history = await call<unknown[]>(shop.t, shop.auth, 'GET', `${P}/appointments/${a.id}/history`);
    expect(history).toHaveLength(1);
  });
});
