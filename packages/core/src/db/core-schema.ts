import { bigint, integer, jsonb, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Drizzle view of the `core` schema; the SQL in db/migrations is the source of truth. */
export const core = pgSchema('core');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organizations = core.table('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const users = core.table('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  passwordHash: text('password_hash'),
  createdAt: ts('created_at').notNull().defaultNow(),
  disabledAt: ts('disabled_at'),
});

export const memberships = core.table(
  'memberships',
  {
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role').notNull().$type<Role>(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] })],
);

export const apiKeys = core.table('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  ownerUserId: uuid('owner_user_id'),
  ownerTeam: text('owner_team'),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  lastFour: text('last_four').notNull(),
  keyHash: text('key_hash').notNull(),
  role: text('role').notNull().$type<Role>(),
  scopes: text('scopes').array().notNull(),
  metadata: jsonb('metadata').notNull().$type<Record<string, unknown>>(),
  expiresAt: ts('expires_at'),
  revokedAt: ts('revoked_at'),
  lastUsedAt: ts('last_used_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  createdBy: uuid('created_by'),
});

export const sessions = core.table('sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  csrfToken: text('csrf_token').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
  userAgent: text('user_agent'),
  ip: text('ip'),
});

export const auditHeads = core.table('audit_heads', {
  orgId: uuid('org_id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});

export const auditLog = core.table(
  'audit_log',
  {
    orgId: uuid('org_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    id: uuid('id').notNull().defaultRandom(),
    at: ts('at').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    data: jsonb('data').notNull().$type<Record<string, unknown>>(),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.seq] })],
);

export const jobs = core.table('jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id'),
  name: text('name').notNull(),
  state: text('state').notNull().$type<JobState>(),
  payload: jsonb('payload').notNull().$type<unknown>(),
  progressDone: bigint('progress_done', { mode: 'number' }).notNull(),
  progressTotal: bigint('progress_total', { mode: 'number' }),
  result: jsonb('result').$type<unknown>(),
  error: jsonb('error').$type<unknown>(),
  createdBy: text('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  startedAt: ts('started_at'),
  finishedAt: ts('finished_at'),
});

export const idempotencyKeys = core.table(
  'idempotency_keys',
  {
    orgId: uuid('org_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response').$type<unknown>(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);

export type Role = 'owner' | 'admin' | 'member' | 'viewer';
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';
