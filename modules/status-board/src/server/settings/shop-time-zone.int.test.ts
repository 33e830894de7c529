import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '@tessera/testkit';
import { createStatusBoardModule } from '../index.ts';
import type { Board, MoveResult, ShopSettings, Stats } from '../../contracts/index.ts';
import { book, call, column, newShop, P, type Shop } from '../testing/board-fixture.ts';
import { localDate, wallClockInstant } from '../../contracts/shop-time.ts';

// 23:30 on Saturday 20 September in Chicago (CDT, UTC-5) is already Sunday 21 September in UTC.
const NOW = new Date('2025-09-21T04:30:00Z');
let shop: Shop;
beforeAll(async () => {
  shop = await newShop(await createTestApp({ modules: [createStatusBoardModule({ now: () => NOW })] }));
});
afterAll(async () => {
  await shop.t.close();
});

const put = (payload: unknown, auth = shop.auth) =>
  shop.t.app.inject({ method: 'PUT', url: `${P}/settings`, headers: auth, payload: payload as Record<string, unknown> });

describe("the shop's time zone", () => {
  it('converts between wall clocks and instants on both sides of a DST change', () => {
    expect(localDate('America/Chicago', NOW)).toBe('2025-09-20');
    expect(localDate('UTC', NOW)).toBe('2025-09-21');
    expect(wallClockInstant('2025-09-20', '23:30', 'America/Chicago').toISOString()).toBe(NOW.toISOString());
    expect(wallClockInstant('2025-01-15', '08:00', 'America/Chicago').toISOString()).toBe('2025-01-15T14:00:00.000Z');
    expect(wallClockInstant('2025-03-09', '12:00', 'America/Chicago').toISOString()).toBe('2025-03-09T17:00:00.000Z');
  });

  it('defaults to UTC, and once set to Chicago, 23:30 local is still today on the board and in the stats', async () => {
    expect(await call<ShopSettings>(shop.t, shop.auth, 'GET', `${P}/settings`)).toEqual({ timeZone: 'UTC', today: '2025-09-21' });
    const saturday = await book(shop, '2025-09-20');
    const sunday = await book(shop, '2025-09-21');
    expect((await call<Board>(shop.t, shop.auth, 'GET', `${P}/board`)).date).toBe('2025-09-21');

    const set = await call<ShopSettings>(shop.t, shop.auth, 'PUT', `${P}/settings`, { timeZone: 'america/chicago' });
    expect(set).toEqual({ timeZone: 'America/Chicago', today: '2025-09-20' });
    expect(await call<ShopSettings>(shop.t, shop.auth, 'GET', `${P}/settings`)).toEqual(set);

    const today = await call<Board>(shop.t, shop.auth, 'GET', `${P}/board`);
    expect(today.date).toBe('2025-09-20');
    expect(today.columns.flatMap((c) => c.cards).map((c) => c.id)).toEqual([saturday.id]);
    expect(column(today, 'scheduled')[0]!.id).not.toBe(sunday.id);

    // Checked in at 22:00 and finished at 23:30 Chicago time (04:30 UTC the next day): Saturday's
    // work, with a 90-minute cycle.
    let v = saturday.version;
    for (const toStatus of ['checked_in', 'in_progress', 'completed'])
      v = (await call<MoveResult>(shop.t, shop.auth, 'POST', `${P}/appointments/${saturday.id}/move`, { toStatus, expectedVersion: v })).card.version;
    await shop.t.platform.database.query('update status_board.appointments set checked_in_at = $1, completed_at = $2 where id = $3', [
      wallClockInstant('2025-09-20', '22:00', 'America/Chicago'),
      NOW,
      saturday.id,
    ]);
    await call(shop.t, shop.auth, 'PATCH', `${P}/appointments/${saturday.id}`, { expectedVersion: v, notes: 'picked up late' });
    const stats = await call<Stats>(shop.t, shop.auth, 'GET', `${P}/stats`);
    expect(stats).toMatchObject({ date: '2025-09-20', jobsToday: 1, completed: 1, averageCycleMinutes: 90, revenueCompletedCents: saturday.totalCents });
    expect((await call<Stats>(shop.t, shop.auth, 'GET', `${P}/stats?date=2025-09-21`)).jobsToday).toBe(1);
  });

  it('refuses unknown zones and malformed bodies with a 4xx and keeps the setting', async () => {
    const before = await call<ShopSettings>(shop.t, shop.auth, 'GET', `${P}/settings`);
    const cases: [unknown, number, string][] = [
      [{ timeZone: 'Mars/Olympus_Mons' }, 400, 'BOARD_TIME_ZONE_INVALID'],
      [{ timeZone: 'Chicago; drop table x' }, 400, 'BOARD_TIME_ZONE_INVALID'],
      [{ timeZone: '' }, 400, 'VALIDATION_FAILED'],
      [{ timeZone: 'UTC', extra: 1 }, 400, 'VALIDATION_FAILED'],
      [{ timeZone: 'x'.repeat(65) }, 400, 'VALIDATION_FAILED'],
      [{}, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await put(payload);
      expect([res.statusCode, res.json<{ error: { code: string } }>().error.code], JSON.stringify(payload)).toEqual([status, code]);
    }
    expect(await call<ShopSettings>(shop.t, shop.auth, 'GET', `${P}/settings`)).toEqual(before);
  });

  it('lets only admins change the zone and keeps shops apart', async () => {
    const memberKey = await shop.t.createKey(shop.org.orgId, 'member', ['status-board:read', 'status-board:write']);
    const member = { authorization: `Bearer ${memberKey}` };
    expect((await put({ timeZone: 'Europe/Berlin' }, member)).statusCode).toBe(403);
    expect((await call<ShopSettings>(shop.t, member, 'GET', `${P}/settings`)).timeZone).toBe('America/Chicago');
    const other = await shop.t.createOrg();
    const otherAuth = { authorization: `Bearer ${other.ownerKey}` };
    expect(await call<ShopSettings>(shop.t, otherAuth, 'GET', `${P}/settings`)).toEqual({ timeZone: 'UTC', today: '2025-09-21' });
  });
});
