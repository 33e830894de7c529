import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '@tessera/testkit';
import { createStatusBoardModule } from '../index.ts';
import type { CarryOverResult, MoveResult } from '../../contracts/index.ts';
import { board, book, call, column, newShop, P, type Shop } from '../testing/board-fixture.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await newShop(await createTestApp({ modules: [createStatusBoardModule()] }));
});
afterAll(async () => {
  await shop.t.close();
});

async function walk(id: string, path: string[]): Promise<number> {
  let v = 1;
  for (const toStatus of path)
    v = (await call<MoveResult>(shop.t, shop.auth, 'POST', `${P}/appointments/${id}/move`, { toStatus, expectedVersion: v })).card.version;
  return v;
}
const carry = (payload: Record<string, unknown>) => shop.t.app.inject({ method: 'POST', url: `${P}/carry-over`, headers: shop.auth, payload });

describe('carrying unfinished work to another day', () => {
  it("moves a day's en-route and on-premises jobs to the end of the same columns, in order, and leaves the rest", async () => {
    const [fri, sat] = ['2025-12-05', '2025-12-06'];
    const waiting = await book(shop, fri);
    const started = await book(shop, fri);
    const startedToo = await book(shop, fri);
    const noShow = await book(shop, fri);
    const done = await book(shop, fri);
    const untouched = await book(shop, fri);
    const already = await book(shop, sat);
    await walk(waiting.id, ['checked_in', 'waiting_parts']);
    await walk(started.id, ['checked_in', 'in_progress']);
    await walk(startedToo.id, ['checked_in', 'in_progress']);
    await walk(noShow.id, ['no_show']);
    await walk(done.id, ['checked_in', 'in_progress', 'completed']);
    await walk(already.id, ['checked_in', 'in_progress']);
    const satBefore = await board(shop, sat);

    const res = await carry({ from: fri, to: sat });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json<CarryOverResult>();
    expect(out.carried).toBe(3);
    expect(new Set(out.ids)).toEqual(new Set([waiting.id, started.id, startedToo.id]));
    expect(out.seq).toBe(satBefore.seq + 3);

    const friday = await board(shop, fri);
    expect(friday.columns.flatMap((c) => c.cards.map((x) => x.id)).sort()).toEqual([untouched.id, noShow.id, done.id].sort());
    const saturday = await board(shop, sat);
    expect(column(saturday, 'in_progress').map((x) => x.id)).toEqual([already.id, started.id, startedToo.id]);
    expect(column(saturday, 'waiting_parts').map((x) => x.id)).toEqual([waiting.id]);
    expect(column(saturday, 'in_progress')[1]!.date).toBe(sat);

    // The carried job moves on from its new version; carrying again finds nothing left.
    const moved = await call<MoveResult>(shop.t, shop.auth, 'POST', `${P}/appointments/${started.id}/move`, { toStatus: 'ready', expectedVersion: 4 });
    expect(moved.card.date).toBe(sat);
    expect((await carry({ from: fri, to: sat })).json<CarryOverResult>().carried).toBe(0);
    const history = await call<{ kind: string }[]>(shop.t, shop.auth, 'GET', `${P}/appointments/${started.id}/history`);
    expect(history.map((h) => h.kind)).toEqual(['created', 'moved', 'moved', 'carried_over', 'carried_over', 'moved']);
  });

  it('refuses the same day, impossible dates and malformed bodies, changing nothing', async () => {
    const day = '2025-12-08';
    const job = await book(shop, day);
    await walk(job.id, ['checked_in']);
    const before = await board(shop, day);
    const cases: [Record<string, unknown>, string][] = [
      [{ from: day, to: day }, 'VALIDATION_FAILED'],
      [{ from: day, to: '2025-02-30' }, 'BOARD_INVALID_DATE'],
      [{ from: 'yesterday', to: day }, 'VALIDATION_FAILED'],
      [{ from: day }, 'VALIDATION_FAILED'],
      [{ from: day, to: '2025-12-09', all: true }, 'VALIDATION_FAILED'],
    ];
    for (const [payload, code] of cases) {
      const res = await carry(payload);
      expect([res.statusCode, res.json<{ error: { code: string } }>().error.code], JSON.stringify(payload)).toEqual([400, code]);
    }
    expect(await board(shop, day)).toEqual(before);
  });
});
