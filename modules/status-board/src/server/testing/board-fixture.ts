import type { App, Platform, Role } from '@tessera/core';
import type { Board, Card } from '../../contracts/index.ts';

export const P = '/api/status-board';

/** The parts of the testkit's TestApp these helpers use (modules may not import the testkit outside tests). */
export interface TestOrg {
  orgId: string;
  slug: string;
  ownerKey: string;
}
export interface TestApp {
  app: App;
  platform: Platform;
  createOrg(slug?: string): Promise<TestOrg>;
  createKey(orgId: string, role: Role, scopes?: string[]): Promise<string>;
  close(): Promise<void>;
}

export interface Shop {
  t: TestApp;
  org: TestOrg;
  auth: { authorization: string };
  customerId: string;
  vehicleId: string;
  technicianId: string;
  serviceIds: string[];
}

/** A JSON call that fails the test with the body when the status is not the expected one. */
export async function call<T>(
  t: TestApp,
  auth: Record<string, string>,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  expect = [200, 201],
): Promise<T> {
  const res = await t.app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  if (!expect.includes(res.statusCode)) throw new Error(`${method} ${url} -> ${res.statusCode}: ${res.body}`);
  return res.json<T>();
}

export async function newShop(t: TestApp): Promise<Shop> {
  return populateShop(t, await t.createOrg());
}

export async function populateShop(t: TestApp, org: TestOrg): Promise<Shop> {
  const auth = { authorization: `Bearer ${org.ownerKey}` };
  const customer = await call<{ id: string }>(t, auth, 'POST', `${P}/customers`, { name: 'Ana Ruiz', phone: '555-0101' });
  const vehicle = await call<{ id: string }>(t, auth, 'POST', `${P}/vehicles`, {
    customerId: customer.id,
    year: 2018,
    make: 'Toyota',
    model: 'Corolla',
    plate: 'ABC123',
  });
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

/** Inserts `count` jobs straight into one column (fixture speed); returns their ids in board order. */
export async function bulkJobs(shop: Shop, date: string, status: string, count: number): Promise<string[]> {
  const { spreadKeys } = await import('../board/fractional-key.ts');
  const keys = spreadKeys(count);
  const rows = await shop.t.platform.database.query<{ id: string }>(
    `insert into status_board.appointments (org_id, date, customer_id, vehicle_id, technician_id, status, sort_key, total_cents, duration_minutes)
     select $1, $2::date, $3, $4, $5, $6, k, 4999, 30 from unnest($7::text[]) with ordinality as u(k, n) order by n returning id, sort_key`,
    [shop.org.orgId, date, shop.customerId, shop.vehicleId, shop.technicianId, status, keys],
  );
  return (rows as unknown as { id: string; sort_key: string }[]).sort((a, b) => (a.sort_key < b.sort_key ? -1 : 1)).map((r) => r.id);
}
