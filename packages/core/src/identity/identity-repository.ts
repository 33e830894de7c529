import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { apiKeys, memberships, organizations, sessions, users, type Role } from '../db/core-schema.ts';

export type OrganizationRow = typeof organizations.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function insertOrganization(db: Db, slug: string, name: string): Promise<OrganizationRow> {
  const [row] = await db.insert(organizations).values({ slug, name }).returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function findOrganizationBySlug(db: Db, slug: string): Promise<OrganizationRow | null> {
  const [row] = await db.select().from(organizations).where(eq(organizations.slug, slug));
  return row ?? null;
}

export async function findOrganizationById(db: Db, id: string): Promise<OrganizationRow | null> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
  return row ?? null;
}

export async function insertUser(db: Db, email: string, name: string, passwordHash: string | null): Promise<UserRow> {
  const [row] = await db.insert(users).values({ email: email.toLowerCase(), name, passwordHash }).returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row ?? null;
}

export async function upsertMembership(db: Db, orgId: string, userId: string, role: Role): Promise<void> {
  await db
    .insert(memberships)
    .values({ orgId, userId, role })
    .onConflictDoUpdate({ target: [memberships.orgId, memberships.userId], set: { role } });
}

export async function listMembershipsOfUser(db: Db, userId: string): Promise<{ orgId: string; slug: string; name: string; role: Role }[]> {
  return db
    .select({ orgId: memberships.orgId, slug: organizations.slug, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(organizations.slug);
}

export async function listMembersOfOrg(db: Db, orgId: string) {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, createdAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(users.email);
}

export async function insertApiKey(db: Db, values: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values(values).returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function findApiKeyByPrefix(db: Db, prefix: string): Promise<(ApiKeyRow & { orgSlug: string }) | null> {
  const [row] = await db
    .select({ key: apiKeys, orgSlug: organizations.slug })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
    .where(eq(apiKeys.prefix, prefix));
  return row ? { ...row.key, orgSlug: row.orgSlug } : null;
}

export async function listApiKeysOfOrg(db: Db, orgId: string): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.orgId, orgId)).orderBy(apiKeys.createdAt);
}

export async function revokeApiKey(db: Db, orgId: string, id: string): Promise<ApiKeyRow | null> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, id)))
    .returning();
  return row ?? null;
}

export async function touchApiKeys(db: Db, lastUsed: Map<string, Date>): Promise<void> {
  for (const [id, at] of lastUsed) {
    await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
  }
}

export async function insertSession(db: Db, values: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values(values).returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function findLiveSessionByTokenHash(db: Db, tokenHash: string): Promise<(SessionRow & { email: string; name: string }) | null> {
  const [row] = await db
    .select({ s: sessions, email: users.email, name: users.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), isNull(users.disabledAt), sql`${sessions.expiresAt} > now()`));
  return row ? { ...row.s, email: row.email, name: row.name } : null;
}

export async function revokeSession(db: Db, id: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(eq(sessions.id, id));
}
