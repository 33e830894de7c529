import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import type { Board, Card } from '../../contracts/index.ts';
import { createStatusBoardModule } from '../index.ts';

export const P = '/api/status-board';

export interface Shop {
  t: TestApp;
  org: TestOrg;
  auth: { authorization: string };
  customerId: string;
  vehicleId: string;
  technicianId: string;
  serviceIds: string[];
}

type Inject = TestApp['app']['inject'];

/** A JSON call that fails the test with the body when the status is not the expected one. */
export async function call<T>(t: TestApp, auth: Record<string, string>, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, expect = [200, 201]): Promise<T> {
  const res = await (t.app.inject as Inject)({ method, url, headers: auth, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  if (!expect.includes(res.statusCode)) throw new Error(`${method} ${url} -> ${res.statusCode}: ${res.body}`);
  return res.json() as T;
}

export async function newShop(t?: TestApp, heartbeatMs?: number): Promise<Shop> {
  const app = t ?? (await createTestApp({ modules: [createStatusBoardModule(heartbeatMs ? { heartbeatMs } : {})] }));
  const org = await app.createOrg();
  return populateShop(app, org);
}

export async function populateShop(t: TestApp, org: TestOrg): Promise<Shop> {
  const auth = { authorization: `Bearer ${org.ownerKey}` };
  const customer = await call<{ id: string }>(t, auth, 'POST', `${P}/customers`, { name: 'Ana Ruiz', phone: '555-0101' });
  const vehicle = await call<{ id: string }>(t, auth, 'POST', `${P}/vehicles`, { customerId: customer.id, year: 2018, make: 'Toyota', model: 'Corolla', plate: 'ABC123' });
  const tech = await call<{ id: string }>(t, auth, 'POST', `${P}/technicians`, { name: 'Edgar' });
  const oil = await call<{ id: string }>(t, auth, 'POST', `${P}/services`, { code: 'OIL001', name: 'Oil change', priceCents: 4999, durationMinutes: 30 });
  const tire = await call<{ id: string }>(t, auth, 'POST', `${P}/services`, { code: 'TIRE001', name: 'Tire rotation', priceCents: 2999, durationMinutes: 45 });
  return { t, org, auth, customerId: customer.id, vehicleId: vehicle.id, technicianId: tech.id, serviceIds: [oil.id, tire.id] };
}

export async function book(shop: Shop, date: string, extra: Record<string, unknown> = {}): Promise<Card> {
  return call<Card>(shop.t, shop.auth, 'POST', `${P}/appointments`, {
    date,
    customerId: shop.customerId,
    vehicleId: shop.vehicleId,
    technicianId: shop.technicianId,
    serviceIds: shop.serviceIds,
    windowStart: '08:00',
    windowEnd: '10:00',
    ...extra,
  });
}

export async function board(shop: Shop, date: string): Promise<Board> {
  return call<Board>(shop.t, shop.auth, 'GET', `${P}/board?date=${date}`);
}

export function column(b: Board, status: string): Card[] {
  return b.columns.find((c) => c.status === status)!.cards;
}
