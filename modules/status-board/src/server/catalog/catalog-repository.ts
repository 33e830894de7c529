import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import type { Customer, Service, Technician, Vehicle } from '../../contracts/index.ts';
import { customers, services, technicians, vehicles } from '../db/schema.ts';

export interface Paging {
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** `%` and `_` in a user's search text are literal characters, not patterns. */
function like(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An empty or missing query matches everything (the old board's bug was the opposite). */
function searchOf(q: string | undefined, build: (pattern: string) => SQL | undefined): SQL | undefined {
  const text = q?.trim();
  return text ? build(like(text)) : undefined;
}

const serviceCols = {
  id: services.id,
  code: services.code,
  name: services.name,
  priceCents: services.priceCents,
  durationMinutes: services.durationMinutes,
  active: services.active,
};
const techCols = { id: technicians.id, name: technicians.name, active: technicians.active, dailyCapacityMinutes: technicians.dailyCapacityMinutes };
const customerCols = { id: customers.id, name: customers.name, phone: customers.phone, email: customers.email };
const vehicleCols = {
  id: vehicles.id,
  customerId: vehicles.customerId,
  year: vehicles.year,
  make: vehicles.make,
  model: vehicles.model,
  vin: vehicles.vin,
  plate: vehicles.plate,
};

export async function listServices(db: Db, orgId: string, p: Paging & { active?: boolean | undefined }): Promise<{ items: Service[]; total: number }> {
  const where = and(
    eq(services.orgId, orgId),
    p.active === undefined ? undefined : eq(services.active, p.active),
    searchOf(p.q, (s) => or(ilike(services.code, s), ilike(services.name, s))),
  );
  const [items, [totalRow]] = await Promise.all([
    db.select(serviceCols).from(services).where(where).orderBy(asc(services.code), asc(services.id)).limit(p.limit).offset(p.offset),
    db.select({ n: count() }).from(services).where(where),
  ]);
  return { items, total: Number(totalRow?.n ?? 0) };
}

export async function getService(db: Db, orgId: string, id: string): Promise<Service | null> {
  const [row] = await db
    .select(serviceCols)
    .from(services)
    .where(and(eq(services.orgId, orgId), eq(services.id, id)));
  return row ?? null;
}

export async function insertService(tx: Db, orgId: string, v: Omit<Service, 'id'>): Promise<Service> {
  const [row] = await tx
    .insert(services)
    .values({ orgId, ...v })
    .returning(serviceCols);
  return row!;
}

export async function updateService(tx: Db, orgId: string, id: string, v: Partial<Omit<Service, 'id'>>): Promise<Service | null> {
  const [row] = await tx
    .update(services)
    .set({ ...v, updatedAt: new Date() })
    .where(and(eq(services.orgId, orgId), eq(services.id, id)))
    .returning(serviceCols);
  return row ?? null;
}

export async function deleteService(tx: Db, orgId: string, id: string): Promise<boolean> {
  const rows = await tx
    .delete(services)
    .where(and(eq(services.orgId, orgId), eq(services.id, id)))
    .returning({ id: services.id });
  return rows.length > 0;
}

export async function listTechnicians(db: Db, orgId: string, p: Paging): Promise<{ items: Technician[]; total: number }> {
  const where = and(
    eq(technicians.orgId, orgId),
    searchOf(p.q, (s) => ilike(technicians.name, s)),
  );
  const [items, [totalRow]] = await Promise.all([
    db.select(techCols).from(technicians).where(where).orderBy(asc(technicians.name), asc(technicians.id)).limit(p.limit).offset(p.offset),
    db.select({ n: count() }).from(technicians).where(where),
  ]);
  return { items, total: Number(totalRow?.n ?? 0) };
}

export async function getTechnician(db: Db, orgId: string, id: string): Promise<Technician | null> {
  const [row] = await db
    .select(techCols)
    .from(technicians)
    .where(and(eq(technicians.orgId, orgId), eq(technicians.id, id)));
  return row ?? null;
}

export async function insertTechnician(
  tx: Db,
  orgId: string,
  v: { name: string; active?: boolean | undefined; dailyCapacityMinutes?: number | undefined },
): Promise<Technician> {
  const [row] = await tx
    .insert(technicians)
    .values({ orgId, name: v.name, active: v.active ?? true, dailyCapacityMinutes: v.dailyCapacityMinutes ?? 480 })
    .returning(techCols);
  return row!;
}

export async function updateTechnician(tx: Db, orgId: string, id: string, v: Partial<Omit<Technician, 'id'>>): Promise<Technician | null> {
  const [row] = await tx
    .update(technicians)
    .set(v)
    .where(and(eq(technicians.orgId, orgId), eq(technicians.id, id)))
    .returning(techCols);
  return row ?? null;
}

export async function deleteTechnician(tx: Db, orgId: string, id: string): Promise<boolean> {
  const rows = await tx
    .delete(technicians)
    .where(and(eq(technicians.orgId, orgId), eq(technicians.id, id)))
    .returning({ id: technicians.id });
  return rows.length > 0;
}

export async function listCustomers(db: Db, orgId: string, p: Paging): Promise<{ items: Customer[]; total: number }> {
  const where = and(
    eq(customers.orgId, orgId),
    searchOf(p.q, (s) => or(ilike(customers.name, s), ilike(customers.phone, s), ilike(customers.email, s))),
  );
  const [items, [totalRow]] = await Promise.all([
    db.select(customerCols).from(customers).where(where).orderBy(asc(customers.name), asc(customers.id)).limit(p.limit).offset(p.offset),
    db.select({ n: count() }).from(customers).where(where),
  ]);
  return { items, total: Number(totalRow?.n ?? 0) };
}

export async function getCustomer(db: Db, orgId: string, id: string): Promise<Customer | null> {
  const [row] = await db
    .select(customerCols)
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, id)));
  return row ?? null;
}

export async function insertCustomer(
  tx: Db,
  orgId: string,
  v: { name: string; phone?: string | null | undefined; email?: string | null | undefined },
): Promise<Customer> {
  const [row] = await tx
    .insert(customers)
    .values({ orgId, name: v.name, phone: v.phone ?? null, email: v.email ?? null })
    .returning(customerCols);
  return row!;
}

export async function updateCustomer(tx: Db, orgId: string, id: string, v: Partial<Omit<Customer, 'id'>>): Promise<Customer | null> {
  const [row] = await tx
    .update(customers)
    .set(v)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, id)))
    .returning(customerCols);
  return row ?? null;
}

export async function deleteCustomer(tx: Db, orgId: string, id: string): Promise<boolean> {
  const rows = await tx
    .delete(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, id)))
    .returning({ id: customers.id });
  return rows.length > 0;
}

export async function listVehicles(db: Db, orgId: string, p: Paging & { customerId?: string | undefined }): Promise<{ items: Vehicle[]; total: number }> {
  const where = and(
    eq(vehicles.orgId, orgId),
    p.customerId ? eq(vehicles.customerId, p.customerId) : undefined,
    searchOf(p.q, (s) => or(ilike(vehicles.make, s), ilike(vehicles.model, s), ilike(vehicles.plate, s), ilike(vehicles.vin, s))),
  );
  const [items, [totalRow]] = await Promise.all([
    db.select(vehicleCols).from(vehicles).where(where).orderBy(asc(vehicles.make), asc(vehicles.model), asc(vehicles.id)).limit(p.limit).offset(p.offset),
    db.select({ n: count() }).from(vehicles).where(where),
  ]);
  return { items, total: Number(totalRow?.n ?? 0) };
}

export async function getVehicle(db: Db, orgId: string, id: string): Promise<Vehicle | null> {
  const [row] = await db
    .select(vehicleCols)
    .from(vehicles)
    .where(and(eq(vehicles.orgId, orgId), eq(vehicles.id, id)));
  return row ?? null;
}

export async function insertVehicle(tx: Db, orgId: string, v: Omit<Vehicle, 'id'>): Promise<Vehicle> {
  const [row] = await tx
    .insert(vehicles)
    .values({ orgId, ...v })
    .returning(vehicleCols);
  return row!;
}

export async function updateVehicle(tx: Db, orgId: string, id: string, v: Partial<Omit<Vehicle, 'id' | 'customerId'>>): Promise<Vehicle | null> {
  const [row] = await tx
    .update(vehicles)
    .set(v)
    .where(and(eq(vehicles.orgId, orgId), eq(vehicles.id, id)))
    .returning(vehicleCols);
  return row ?? null;
}

export async function deleteVehicle(tx: Db, orgId: string, id: string): Promise<boolean> {
  const rows = await tx
    .delete(vehicles)
    .where(and(eq(vehicles.orgId, orgId), eq(vehicles.id, id)))
    .returning({ id: vehicles.id });
  return rows.length > 0;
}
