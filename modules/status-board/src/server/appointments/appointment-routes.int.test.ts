import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '@tessera/testkit';
import { createStatusBoardModule } from '../index.ts';
import type { Card, PageOf } from '../../contracts/index.ts';
import { board, book, call, newShop, P, type Shop } from '../testing/board-fixture.ts';

const DAY = '2025-09-26';
let shop: Shop;
beforeAll(async () => {
  shop = await newShop(await createTestApp({ modules: [createStatusBoardModule()] }));
});
afterAll(async () => {
  await shop.t.close();
});

const post = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  shop.t.app.inject({ method: 'POST', url: `${P}/appointments`, headers: { ...shop.auth, ...headers }, payload });
const base = () => ({ date: DAY, customerId: shop.customerId, vehicleId: shop.vehicleId, serviceIds: shop.serviceIds });

describe('appointments', () => {
  it('books once per Idempotency-Key and captures the price at booking', async () => {
    const first = await post(base(), { 'idempotency-key': 'book-1' });
    const again = await post(base(), { 'idempotency-key': 'book-1' });
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json<Card>().id).toBe(first.json<Card>().id);
    expect((await board(shop, DAY)).columns[0]!.cards).toHaveLength(1);
    await call(shop.t, shop.auth, 'PATCH', `${P}/services/${shop.serviceIds[0]}`, { priceCents: 5999 });
    const stored = await call<Card>(shop.t, shop.auth, 'GET', `${P}/appointments/${first.json<Card>().id}`);
    expect(stored.lines[0]!.priceCents).toBe(4999);
    expect(stored.totalCents).toBe(4999 + 2999);
  });

  it('refuses unknown, foreign and inactive references, bad windows and dates, and writes nothing', async () => {
    const other = await shop.t.createOrg();
    const otherShopCustomer = await call<{ id: string }>(shop.t, { authorization: `Bearer ${other.ownerKey}` }, 'POST', `${P}/customers`, {
      name: 'Elsewhere',
    });
    const secondCustomer = await call<{ id: string }>(shop.t, shop.auth, 'POST', `${P}/customers`, { name: 'Second' });
    const retired = await call<{ id: string }>(shop.t, shop.auth, 'POST', `${P}/services`, {
      code: 'OLD001',
      name: 'Retired',
      priceCents: 100,
      durationMinutes: 5,
      active: false,
    });
    const before = await board(shop, DAY);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base(), customerId: otherShopCustomer.id }, 422, 'BOARD_RESOURCE_REFERENCE_INVALID'],
      [{ ...base(), customerId: secondCustomer.id }, 422, 'BOARD_RESOURCE_REFERENCE_INVALID'],
      [{ ...base(), technicianId: '00000000-0000-4000-8000-000000000000' }, 422, 'BOARD_RESOURCE_REFERENCE_INVALID'],
      [{ ...base(), serviceIds: [retired.id] }, 422, 'BOARD_RESOURCE_REFERENCE_INVALID'],
      [{ ...base(), windowStart: '10:00', windowEnd: '09:00' }, 400, 'VALIDATION_FAILED'],
      [{ ...base(), windowStart: '25:00' }, 400, 'VALIDATION_FAILED'],
      [{ ...base(), date: '2025-02-29' }, 400, 'BOARD_INVALID_DATE'],
      [{ ...base(), serviceIds: ['nope'] }, 400, 'VALIDATION_FAILED'],
      [{ ...base(), status: 'completed' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of cases) {
      const r = await post(payload);
      expect([r.statusCode, r.json<{ error: { code: string } }>().error.code], JSON.stringify(payload)).toEqual([status, code]);
    }
    expect(await board(shop, DAY)).toEqual(before);
  });

  it('edits under the version guard and lists by day and status', async () => {
    const job = await book(shop, DAY);
    const edited = await call<Card>(shop.t, shop.auth, 'PATCH', `${P}/appointments/${job.id}`, {
      expectedVersion: job.version,
      notes: 'Customer waits in lobby',
      technicianId: null,
      serviceIds: [shop.serviceIds[1]],
    });
    expect(edited).toMatchObject({ version: job.version + 1, notes: 'Customer waits in lobby', technician: null, totalCents: 2999 });
    const stale = await shop.t.app.inject({
      method: 'PATCH',
      url: `${P}/appointments/${job.id}`,
      headers: shop.auth,
      payload: { expectedVersion: job.version, notes: 'lost' },
    });
    expect([stale.statusCode, stale.json<{ error: { code: string } }>().error.code]).toEqual([409, 'BOARD_VERSION_CONFLICT']);
    const list = await call<PageOf<Card>>(shop.t, shop.auth, 'GET', `${P}/appointments?date=${DAY}&status=scheduled&limit=1`);
    expect(list.total).toBeGreaterThanOrEqual(2);
    expect(list.items).toHaveLength(1);
    const foreign = await shop.t.createOrg();
    const peek = await shop.t.app.inject({ method: 'GET', url: `${P}/appointments/${job.id}`, headers: { authorization: `Bearer ${foreign.ownerKey}` } });
    expect(peek.statusCode).toBe(404);
    const history = await shop.t.app.inject({
      method: 'GET',
      url: `${P}/appointments/${job.id}/history`,
      headers: { authorization: `Bearer ${foreign.ownerKey}` },
    });
    expect(history.statusCode).toBe(404);
    const move = await shop.t.app.inject({
      method: 'POST',
      url: `${P}/appointments/${job.id}/move`,
      headers: { authorization: `Bearer ${foreign.ownerKey}` },
      payload: { toStatus: 'en_route', expectedVersion: 2 },
    });
    expect(move.statusCode).toBe(404);
  });

  it('relabels a column for the shop while its type stays fixed', async () => {
    const r = await shop.t.app.inject({ method: 'PUT', url: `${P}/labels/en_route`, headers: shop.auth, payload: { label: 'On the road' } });
    expect(r.statusCode).toBe(200);
    expect((await board(shop, DAY)).columns[1]).toMatchObject({ status: 'en_route', label: 'On the road' });
    const bad = await shop.t.app.inject({ method: 'PUT', url: `${P}/labels/flying`, headers: shop.auth, payload: { label: 'x' } });
    expect(bad.statusCode).toBe(400);
  });
});
