import type { Db } from '../db/database.ts';
import type { Role } from '../db/core-schema.ts';
import { coreErrors } from '../errors/core-errors.ts';
import { recordAudit, type AuditActor } from '../audit/audit-trail.ts';
import { generateApiKey, hashApiKey, newOpaqueToken } from './api-key-format.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password-hasher.ts';
import * as repo from './identity-repository.ts';

export async function createOrganization(db: Db, slug: string, name: string, actor: AuditActor): Promise<repo.OrganizationRow> {
  if (await repo.findOrganizationBySlug(db, slug)) throw coreErrors.ALREADY_EXISTS({ message: `An organization with slug "${slug}" already exists.` });
  return db.transaction(async (tx) => {
    const org = await repo.insertOrganization(tx, slug, name);
    await recordAudit(tx, org.id, actor, { action: 'org.created', targetType: 'organization', targetId: org.id, data: { slug, name } });
    return org;
  });
}

export async function createUser(db: Db, input: { email: string; name: string; password: string | null }): Promise<repo.UserRow> {
  if (await repo.findUserByEmail(db, input.email)) throw coreErrors.ALREADY_EXISTS({ message: `A user with email ${input.email} already exists.` });
  return repo.insertUser(db, input.email, input.name, input.password ? await hashPassword(input.password) : null);
}

export async function addMember(db: Db, orgId: string, userId: string, role: Role, actor: AuditActor): Promise<void> {
  await db.transaction(async (tx) => {
    await repo.upsertMembership(tx, orgId, userId, role);
    await recordAudit(tx, orgId, actor, { action: 'member.role_set', targetType: 'user', targetId: userId, data: { role } });
  });
}

export interface CreatedApiKey {
  key: string;
  row: repo.ApiKeyRow;
}

export async function createApiKey(
  db: Db,
  input: {
    orgId: string;
    name: string;
    role: Role;
    scopes: string[];
    expiresAt: Date | null;
    ownerUserId: string | null;
    ownerTeam?: string | null;
    metadata?: Record<string, unknown>;
    createdBy: string | null;
  },
  actor: AuditActor,
): Promise<CreatedApiKey> {
  const generated = generateApiKey();
  return db.transaction(async (tx) => {
    const row = await repo.insertApiKey(tx, {
      orgId: input.orgId,
      name: input.name,
      role: input.role,
      scopes: input.scopes.length ? input.scopes : ['*'],
      expiresAt: input.expiresAt,
      ownerUserId: input.ownerUserId,
      ownerTeam: input.ownerTeam ?? null,
      metadata: input.metadata ?? {},
      createdBy: input.createdBy,
      prefix: generated.prefix,
      lastFour: generated.lastFour,
      keyHash: generated.hash,
    });
    await recordAudit(tx, input.orgId, actor, {
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row.id,
      data: { name: row.name, role: row.role, scopes: row.scopes, prefix: row.prefix },
    });
    return { key: generated.key, row };
  });
}

export async function revokeApiKey(db: Db, orgId: string, id: string, actor: AuditActor): Promise<repo.ApiKeyRow> {
  return db.transaction(async (tx) => {
    const row = await repo.revokeApiKey(tx, orgId, id);
    if (!row) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No API key with that id in this organization.' });
    await recordAudit(tx, orgId, actor, { action: 'api_key.revoked', targetType: 'api_key', targetId: id, data: { prefix: row.prefix } });
    return row;
  });
}

export async function signIn(db: Db, email: string, password: string, ttlHours: number, meta: { userAgent: string | null; ip: string | null }) {
  const user = await repo.findUserByEmail(db, email);
  // Verify against a dummy hash when the user is unknown so both paths take the same time.
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !user.passwordHash || !ok || user.disabledAt) throw coreErrors.SIGN_IN_FAILED();
  const token = newOpaqueToken();
  const session = await repo.insertSession(db, {
    userId: user.id,
    tokenHash: hashApiKey(token),
    csrfToken: newOpaqueToken(24),
    expiresAt: new Date(Date.now() + ttlHours * 3_600_000),
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
    ip: meta.ip,
  });
  return { token, session, user };
}
