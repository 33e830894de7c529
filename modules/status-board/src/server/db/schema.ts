import { sql } from 'drizzle-orm';
import { bigint, boolean, date, integer, pgSchema, primaryKey, text, time, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Drizzle view of the `status_board` schema; db/migrations/0001_init.sql is the source of truth. */
export const statusBoard = pgSchema('status_board');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const cents = (name: string) => bigint(name, { mode: 'number' });

export const technicians = statusBoard.table('technicians', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  active: boolean('active').notNull().default(true),
  dailyCapacityMinutes: integer('daily_capacity_minutes').notNull().default(480),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const customers = statusBoard.table('customers', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  phone: text('phone'),
  email: text('email'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const vehicles = statusBoard.table('vehicles', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  customerId: uuid('customer_id').notNull(),
  year: integer('year'),
  make: text('make').notNull(),
  model: text('model').notNull(),
  vin: text('vin'),
  plate: text('plate'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const services = statusBoard.table('services', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  priceCents: cents('price_cents').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const statusLabels = statusBoard.table(
  'status_labels',
  { orgId: uuid('org_id').notNull(), status: text('status').notNull(), label: text('label').notNull() },
  (t) => [primaryKey({ columns: [t.orgId, t.status] })],
);

export const appointments = statusBoard.table('appointments', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  date: date('date', { mode: 'string' }).notNull(),
  windowStart: time('window_start'),
  windowEnd: time('window_end'),
  customerId: uuid('customer_id').notNull(),
  vehicleId: uuid('vehicle_id'),
  technicianId: uuid('technician_id'),
  status: text('status').notNull(),
  promisedAt: ts('promised_at'),
  notes: text('notes').notNull().default(''),
  version: integer('version').notNull().default(1),
  sortKey: text('sort_key').notNull(),
  statusChangedAt: ts('status_changed_at').notNull().defaultNow(),
  checkedInAt: ts('checked_in_at'),
  completedAt: ts('completed_at'),
  totalCents: cents('total_cents').notNull().default(0),
  durationMinutes: integer('duration_minutes').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const appointmentLines = statusBoard.table('appointment_lines', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  appointmentId: uuid('appointment_id').notNull(),
  serviceId: uuid('service_id'),
  code: text('code').notNull(),
  name: text('name').notNull(),
  priceCents: cents('price_cents').notNull(),
  durationMinutes: integer('duration_minutes').notNull().default(0),
  position: integer('position').notNull(),
});

export const boardSeq = statusBoard.table(
  'board_seq',
  { orgId: uuid('org_id').notNull(), date: date('date', { mode: 'string' }).notNull(), seq: bigint('seq', { mode: 'number' }).notNull() },
  (t) => [primaryKey({ columns: [t.orgId, t.date] })],
);

export const appointmentEvents = statusBoard.table('appointment_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  orgId: uuid('org_id').notNull(),
  appointmentId: uuid('appointment_id').notNull(),
  date: date('date', { mode: 'string' }).notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  kind: text('kind').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
  sortKey: text('sort_key'),
  version: integer('version').notNull(),
  afterId: uuid('after_id'),
  beforeId: uuid('before_id'),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  at: ts('at')
    .notNull()
    .default(sql`now()`),
});

/** 0003_shop_settings.sql */
export const shopSettings = statusBoard.table('shop_settings', {
  orgId: uuid('org_id').primaryKey(),
  timeZone: text('time_zone').notNull().default('UTC'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
