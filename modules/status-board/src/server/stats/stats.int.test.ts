import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '@tessera/testkit';
import { createStatusBoardModule } from '../index.ts';
import type { MoveResult, Stats } from '../../contracts/index.ts';
import { book, call, newShop, P, type Shop } from '../testing/board-fixture.ts';

const DAY = '2025-09-24';
let shop: Shop;
beforeAll(async () => {
  shop = await newShop(await createTestApp({ modules: [createStatusBoardModule()] }));
});
afterAll(async () => {
  await shop.t.close();
});

async function walk(id: string, version: number, path: string[]): Promise<void> {
  let v = version;
  for (const toStatus of path)
    v = (await call<MoveResult>(shop.t, shop.auth, 'POST', `${P}/appointments/${id}/move`, { toStatus, expectedVersion: v })).card.version;
}

describe('day stats', () => {
  it('counts jobs by state and sums revenue in cents, in SQL', async () => {
    const empty = await call<Stats>(shop.t, shop.auth, 'GET', `${P}/stats?date=${DAY}`);
    expect(empty).toMatchObject({ jobsToday: 0, revenueBookedCents: 0, averageTicketCents: 0, averageCycleMinutes: null });
    const jobs = [];
    for (let i = 0; i < 6; i++) jobs.push(await book(shop, DAY));
    const cheap = await book(shop, DAY, { serviceIds: [shop.serviceIds[1]] });
    await walk(jobs[0]!.id, 1, ['checked_in', 'in_progress', 'completed']);
    await walk(cheap.id, 1, ['checked_in', 'in_progress', 'ready', 'completed']);
    await walk(jobs[1]!.id, 1, ['checked_in', 'in_progress']);
    await walk(jobs[2]!.id, 1, ['checked_in', 'waiting_parts']);
    await walk(jobs[3]!.id, 1, ['no_show']);
    await walk(jobs[4]!.id, 1, ['cancelled']);
    const s = await call<Stats>(shop.t, shop.auth, 'GET', `${P}/stats?date=${DAY}`);
    const full = 4999 + 2999;
    expect(s).toMatchObject({
      jobsToday: 6,
      scheduled: 1,
      onPremises: 2,
      inProgress: 1,
      waitingParts: 1,
      ready: 0,
      completed: 2,
      noShows: 1,
      cancelled: 1,
      revenueBookedCents: full * 4 + 2999,
      revenueCompletedCents: full + 2999,
      averageTicketCents: Math.round((full + 2999) / 2),
    });
    expect(s.averageCycleMinutes).toBe(0);
    expect(s.technicians).toHaveLength(1);
    // Six full jobs minus the no-show and the cancelled one, plus the cheap one.
    expect(s.technicians[0]).toMatchObject({ jobs: 5, bookedMinutes: 4 * 75 + 45, capacityMinutes: 480, utilisationPercent: Math.round((345 * 100) / 480) });
  });
});
