import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '@tessera/testkit';
import { createStatusBoardModule } from '../index.ts';
import type { PageOf, Service } from '../../contracts/index.ts';
import { book, call, newShop, P, type Shop } from '../testing/board-fixture.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await newShop(await createTestApp({ modules: [createStatusBoardModule()] }));
});
afterAll(async () => {
  await shop.t.close();
});

const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  shop.t.app.inject({
    method,
    url: `${P}${url}`,
    headers: { ...shop.auth, ...headers },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

describe('service catalog', () => {
  it('lists everything for an empty or missing q, searches code and name, pages with a total', async () => {
    for (let i = 0; i < 12; i++)
      await call(shop.t, shop.auth, 'POST', `${P}/services`, {
        code: `BRK${String(i).padStart(3, '0')}`,
        name: `Brake job ${i}`,
        priceCents: 10000 + i,
        durationMinutes: 60,
      });
    const all = await call<PageOf<Service>>(shop.t, shop.auth, 'GET', `${P}/services`);
    expect(all.total).toBe(14);
    const emptyQ = await call<PageOf<Service>>(shop.t, shop.auth, 'GET', `${P}/services?q=`);
    expect(emptyQ.total).toBe(14);
    const spaces = await call<PageOf<Service>>(shop.t, shop.auth, 'GET', `${P}/services?q=%20%20`);
    expect(spaces.total).toBe(14);
    const oil = await call<PageOf<Service>>(shop.t, shop.auth, 'GET', `${P}/services?q=oil`);
    expect(oil.items.map((s) => s.code)).toEqual(['OIL001']);
    const percent = await call<PageOf<Service>>(shop.t, shop.auth, 'GET', `${P}/services?q=%25`);
    expect(percent.total).toBe(0);
    const page = await call<PageOf<Service>>(shop.t, shop.auth, 'GET', `${P}/services?q=brake&limit=5&offset=10`);
    expect(page).toMatchObject({ total: 12, limit: 5, offset: 10 });
    expect(page.items.map((s) => s.code)).toEqual(['BRK010', 'BRK011']);
  });

  it('creates, updates and deletes; codes are unique per shop; Idempotency-Key replays', async () => {
    const body = { code: 'ALIGN01', name: 'Wheel alignment', priceCents: 8999, durationMinutes: 60 };
    const first = await req('POST', '/services', body, { 'idempotency-key': 'k-align' });
    expect(first.statusCode).toBe(201);
    const again = await req('POST', '/services', body, { 'idempotency-key': 'k-align' });
    expect(again.statusCode).toBe(201);
    expect(again.json<Service>().id).toBe(first.json<Service>().id);
    const reused = await req('POST', '/services', { ...body, code: 'ALIGN02' }, { 'idempotency-key': 'k-align' });
    expect(reused.statusCode).toBe(422);
    const dup = await req('POST', '/services', body);
    expect([dup.statusCode, dup.json<{ error: { code: string } }>().error.code]).toEqual([409, 'BOARD_SERVICE_CODE_TAKEN']);
    const id = first.json<Service>().id;
    const patched = await req('PATCH', `/services/${id}`, { priceCents: 9499, active: false });
    expect(patched.json<Service>()).toMatchObject({ priceCents: 9499, active: false });
    const inactive = await call<PageOf<Service>>(shop.t, shop.auth, 'GET', `${P}/services?active=false`);
    expect(inactive.items.map((s) => s.code)).toEqual(['ALIGN01']);
    expect((await req('DELETE', `/services/${id}`)).statusCode).toBe(200);
    expect((await req('GET', `/services/${id}`)).statusCode).toBe(404);
  });

  it('answers bad input with 4xx codes and writes nothing', async () => {
    const before = (await call<PageOf<Service>>(shop.t, shop.auth, 'GET', `${P}/services`)).total;
    const bad: [unknown, number][] = [
      [{ code: 'bad code!', name: 'x', priceCents: 1, durationMinutes: 1 }, 400],
      [{ code: 'NEG', name: 'x', priceCents: -1, durationMinutes: 1 }, 400],
      [{ code: 'FLOAT', name: 'x', priceCents: 1.5, durationMinutes: 1 }, 400],
      [{ code: 'LONG', name: 'x'.repeat(201), priceCents: 1, durationMinutes: 1 }, 400],
      [{ code: 'EXTRA', name: 'x', priceCents: 1, durationMinutes: 1, hack: true }, 400],
      [{ name: 'x' }, 400],
    ];
    for (const [body, status] of bad) {
      const r = await req('POST', '/services', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json<{ error: { code: string } }>().error.code).toBeTruthy();
    }
    expect((await req('GET', '/services/not-a-uuid')).statusCode).toBe(400);
    expect((await req('PATCH', '/services/00000000-0000-4000-8000-000000000000', { name: 'y' })).statusCode).toBe(404);
    expect((await call<PageOf<Service>>(shop.t, shop.auth, 'GET', `${P}/services`)).total).toBe(before);
  });

  it('keeps shops apart and enforces roles', async () => {
    const other = await shop.t.createOrg();
    const otherAuth = { authorization: `Bearer ${other.ownerKey}` };
    const mine = (await call<PageOf<Service>>(shop.t, shop.auth, 'GET', `${P}/services`)).items[0]!;
    const peek = await shop.t.app.inject({ method: 'GET', url: `${P}/services/${mine.id}`, headers: otherAuth });
    expect(peek.statusCode).toBe(404);
    const change = await shop.t.app.inject({ method: 'PATCH', url: `${P}/services/${mine.id}`, headers: otherAuth, payload: { name: 'hijacked' } });
    expect(change.statusCode).toBe(404);
    expect((await call<PageOf<Service>>(shop.t, otherAuth, 'GET', `${P}/services`)).total).toBe(0);
    const viewer = { authorization: `Bearer ${await shop.t.createKey(shop.org.orgId, 'viewer')}` };
    expect((await shop.t.app.inject({ method: 'GET', url: `${P}/services`, headers: viewer })).statusCode).toBe(200);
    expect(
      (
        await shop.t.app.inject({
          method: 'POST',
          url: `${P}/services`,
          headers: viewer,
          payload: { code: 'V1', name: 'v', priceCents: 1, durationMinutes: 1 },
        })
      ).statusCode,
    ).toBe(403);
    const member = { authorization: `Bearer ${await shop.t.createKey(shop.org.orgId, 'member')}` };
    expect(
      (
        await shop.t.app.inject({
          method: 'POST',
          url: `${P}/services`,
          headers: member,
          payload: { code: 'M1', name: 'm', priceCents: 1, durationMinutes: 1 },
        })
      ).statusCode,
    ).toBe(403);
    expect((await shop.t.app.inject({ method: 'POST', url: `${P}/customers`, headers: member, payload: { name: 'Walk-in' } })).statusCode).toBe(201);
    const readOnlyKey = { authorization: `Bearer ${await shop.t.createKey(shop.org.orgId, 'owner', ['status-board:read'])}` };
    expect((await shop.t.app.inject({ method: 'POST', url: `${P}/customers`, headers: readOnlyKey, payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await shop.t.app.inject({ method: 'GET', url: `${P}/services` })).statusCode).toBe(401);
  });
});

describe('technicians, customers and vehicles', () => {
  it('does CRUD with search, and refuses vehicles of unknown or foreign customers', async () => {
    const c = await call<{ id: string }>(shop.t, shop.auth, 'POST', `${P}/customers`, { name: 'Bea Okafor', phone: '555-0199', email: 'bea@example.com' });
    const found = await call<PageOf<{ id: string }>>(shop.t, shop.auth, 'GET', `${P}/customers?q=okafor`);
    expect(found.items.map((x) => x.id)).toEqual([c.id]);
    const v = await call<{ id: string; vin: string }>(shop.t, shop.auth, 'POST', `${P}/vehicles`, {
      customerId: c.id,
      year: 2020,
      make: 'Ford',
      model: 'F-150',
      vin: '1FTFW1E50LFA00001',
      plate: 'TRK-42',
    });
    expect(v.vin).toBe('1FTFW1E50LFA00001');
    const byCustomer = await call<PageOf<{ id: string }>>(shop.t, shop.auth, 'GET', `${P}/vehicles?customerId=${c.id}`);
    expect(byCustomer.items.map((x) => x.id)).toEqual([v.id]);
    const unknown = await shop.t.app.inject({
      method: 'POST',
      url: `${P}/vehicles`,
      headers: shop.auth,
      payload: { customerId: '00000000-0000-4000-8000-000000000000', make: 'Ford', model: 'Focus' },
    });
    expect([unknown.statusCode, unknown.json<{ error: { code: string } }>().error.code]).toEqual([422, 'BOARD_RESOURCE_REFERENCE_INVALID']);
    const other = await shop.t.createOrg();
    const foreign = await shop.t.app.inject({
      method: 'POST',
      url: `${P}/vehicles`,
      headers: { authorization: `Bearer ${other.ownerKey}` },
      payload: { customerId: c.id, make: 'Ford', model: 'Focus' },
    });
    expect(foreign.statusCode).toBe(422);
    const tech = await call<{ id: string }>(shop.t, shop.auth, 'POST', `${P}/technicians`, { name: 'Marco', dailyCapacityMinutes: 360 });
    const patched = await call<{ active: boolean }>(shop.t, shop.auth, 'PATCH', `${P}/technicians/${tech.id}`, { active: false });
    expect(patched.active).toBe(false);
    expect((await shop.t.app.inject({ method: 'DELETE', url: `${P}/vehicles/${v.id}`, headers: shop.auth })).statusCode).toBe(200);
    expect((await shop.t.app.inject({ method: 'DELETE', url: `${P}/customers/${c.id}`, headers: shop.auth })).statusCode).toBe(200);
  });

  it('refuses to delete a customer who still has jobs', async () => {
    await book(shop, '2025-09-25');
    const r = await shop.t.app.inject({ method: 'DELETE', url: `${P}/customers/${shop.customerId}`, headers: shop.auth });
    expect([r.statusCode, r.json<{ error: { code: string } }>().error.code]).toEqual([409, 'BOARD_RECORD_IN_USE']);
    expect((await shop.t.app.inject({ method: 'GET', url: `${P}/customers/${shop.customerId}`, headers: shop.auth })).statusCode).toBe(200);
  });
});
