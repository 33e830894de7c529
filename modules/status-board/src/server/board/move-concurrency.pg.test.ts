import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '@tessera/testkit';
import { createStatusBoardModule } from '../index.ts';
import type { MoveResult } from '../../contracts/index.ts';
import { board, bulkJobs, column, newShop, P, type Shop } from '../testing/board-fixture.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await newShop(await createTestApp({ modules: [createStatusBoardModule()] }));
});
afterAll(async () => {
  await shop.t.close();
});

const move = (id: string, body: Record<string, unknown>) =>
  shop.t.app.inject({ method: 'POST', url: `${P}/appointments/${id}/move`, headers: shop.auth, payload: body });
const events = async (id: string) =>
  (
    await shop.t.platform.database.query<{ n: number }>(
      `select count(*)::int as n from status_board.appointment_events where appointment_id = $1 and kind = 'moved'`,
      [id],
    )
  )[0]!.n;

describe('concurrent moves on PostgreSQL', () => {
  it('50 parallel moves of one card with the same expectedVersion: exactly one wins, 49 get 409', async () => {
    const date = '2025-11-01';
    const [card, ...anchors] = await bulkJobs(shop, date, 'scheduled', 50);
    // 50 different targets: after each of the 49 other cards, and the next column.
    const bodies = [...anchors.map((a) => ({ toStatus: 'scheduled', afterId: a, expectedVersion: 1 })), { toStatus: 'en_route', expectedVersion: 1 }];
    const results = await Promise.all(bodies.map((b) => move(card!, b)));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    expect(results.find((r) => r.statusCode === 200)!.json<MoveResult>().replayed).toBe(false);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      const err = r.json<{ error: { code: string; details: { current: { version: number } } } }>().error;
      expect(err.code).toBe('BOARD_VERSION_CONFLICT');
      expect(err.details.current.version).toBe(2);
    }
    expect(await events(card!)).toBe(1);
  });

  it('50 parallel copies of one move: applied once, the copies answer 200 with the same card', async () => {
    const date = '2025-11-02';
    const [card] = await bulkJobs(shop, date, 'scheduled', 1);
    const before = await board(shop, date);
    const results = await Promise.all(Array.from({ length: 50 }, () => move(card!, { toStatus: 'checked_in', expectedVersion: 1 })));
    expect(results.map((r) => r.statusCode).every((c) => c === 200)).toBe(true);
    const bodies = results.map((r) => r.json<MoveResult>());
    expect(bodies.filter((b) => !b.replayed)).toHaveLength(1);
    expect(new Set(bodies.map((b) => b.card.version))).toEqual(new Set([2]));
    expect(await events(card!)).toBe(1);
    expect((await board(shop, date)).seq).toBe(before.seq + 1);
  });

  it('200 parallel moves of different cards into one column all succeed, in the requested order, with unique keys', async () => {
    const date = '2025-11-03';
    const anchors = await bulkJobs(shop, date, 'checked_in', 200);
    const movers = await bulkJobs(shop, date, 'scheduled', 200);
    const results = await Promise.all(movers.map((m, i) => move(m, { toStatus: 'checked_in', afterId: anchors[i], expectedVersion: 1 })));
    expect(results.filter((r) => r.statusCode !== 200).map((r) => r.body)).toEqual([]);
    const col = column(await board(shop, date), 'checked_in');
    expect(col.map((c) => c.id)).toEqual(anchors.flatMap((a, i) => [a, movers[i]]));
    expect(new Set(col.map((c) => c.sortKey)).size).toBe(400);
    expect((await board(shop, date)).seq).toBe(200);
  });

  it('parallel moves to the end of one column collide on the key index, retry, and all land', async () => {
    const date = '2025-11-04';
    const movers = await bulkJobs(shop, date, 'scheduled', 40);
    const results = await Promise.all(movers.map((m) => move(m, { toStatus: 'en_route', expectedVersion: 1 })));
    expect(results.filter((r) => r.statusCode !== 200).map((r) => r.body)).toEqual([]);
    const col = column(await board(shop, date), 'en_route');
    expect(new Set(col.map((c) => c.id))).toEqual(new Set(movers));
    expect(new Set(col.map((c) => c.sortKey)).size).toBe(40);
  });
});
