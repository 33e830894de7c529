import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import type { Board, MoveResult, PageOf, Service, Stats } from '../../contracts/index.ts';
import { statusBoardModule } from '../index.ts';
import { call, P } from '../testing/board-fixture.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ modules: [statusBoardModule] });
});
afterAll(async () => {
  await t.close();
});

describe("Edgar's demo shop", () => {
  it('seeds fast and deterministically: catalog, crew, ~30 jobs today across columns, weeks of history, and it works on the board', async () => {
    const org = await t.createOrg('edgars-auto-test');
    const auth = { authorization: `Bearer ${org.ownerKey}` };
    const started = performance.now();
    await statusBoardModule.seedDemo!({ platform: t.platform, orgId: org.orgId, orgSlug: org.slug, userId: '00000000-0000-4000-8000-000000000000' });
    expect(performance.now() - started).toBeLessThan(5000);
    await statusBoardModule.seedDemo!({ platform: t.platform, orgId: org.orgId, orgSlug: org.slug, userId: '00000000-0000-4000-8000-000000000000' });

    const catalog = await call<PageOf<Service>>(t, auth, 'GET', `${P}/services?limit=100`);
    expect(catalog.total).toBe(15);
    expect(catalog.items.map((s) => s.code)).toEqual(expect.arrayContaining(['OIL001', 'TIRE001']));
    const settings = await call<{ timeZone: string; today: string }>(t, auth, 'GET', `${P}/settings`);
    expect(settings.timeZone).toBe('America/Chicago');
    const today = settings.today;
    const b = await call<Board>(t, auth, 'GET', `${P}/board?date=${today}`);
    const counts = Object.fromEntries(b.columns.map((c) => [c.status, c.cards.length]));
    expect(counts).toMatchObject({
      scheduled: 7,
      en_route: 3,
      checked_in: 4,
      in_progress: 5,
      waiting_parts: 2,
      waiting_approval: 2,
      ready: 3,
      completed: 3,
      no_show: 1,
    });
    expect(b.seq).toBe(30 + 23);
    const stats = await call<Stats>(t, auth, 'GET', `${P}/stats?date=${today}`);
    expect(stats.jobsToday).toBe(30);
    expect(stats.technicians).toHaveLength(3);
    const week = new Date(Date.parse(`${today}T12:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
    const past = await call<PageOf<unknown>>(t, auth, 'GET', `${P}/appointments?date=${week}`);
    expect(past.total).toBeGreaterThan(0);

    const ready = b.columns.find((c) => c.status === 'ready')!.cards[0]!;
    const done = await call<MoveResult>(t, auth, 'POST', `${P}/appointments/${ready.id}/move`, { toStatus: 'completed', expectedVersion: ready.version });
    expect(done.seq).toBe(b.seq + 1);
  });
});
