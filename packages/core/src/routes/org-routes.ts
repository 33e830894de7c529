import { Type } from 'typebox';
import { coreErrors } from '../errors/core-errors.ts';
import type { App } from '../http/create-app.ts';
import { maskKey } from '../identity/api-key-format.ts';
import { findOrganizationById, findUserByEmail, listApiKeysOfOrg, listMembersOfOrg, type ApiKeyRow } from '../identity/identity-repository.ts';
import { addMember, createApiKey, revokeApiKey } from '../identity/identity-service.ts';
import { roleAtLeast } from '../identity/roles.ts';
import type { Platform } from '../platform.ts';
import { actorOf } from './request-actor.ts';
import { RoleSchema, UuidParam } from './shared-schemas.ts';

const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  masked: Type.String(),
  prefix: Type.String(),
  lastFour: Type.String(),
  role: RoleSchema,
  scopes: Type.Array(Type.String()),
  ownerUserId: Type.Union([Type.String(), Type.Null()]),
  ownerTeam: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

function keyView(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    masked: maskKey(row.prefix, row.lastFour),
    prefix: row.prefix,
    lastFour: row.lastFour,
    role: row.role,
    scopes: row.scopes,
    ownerUserId: row.ownerUserId,
    ownerTeam: row.ownerTeam,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

const SCOPE = Type.String({ pattern: '^(\\*|[a-z-]+:(\\*|[a-z-]+))$', maxLength: 64 });

export function registerOrgRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;

  app.get(
    '/api/orgs/current',
    {
      config: { access: { role: 'viewer' } },
      schema: {
        tags: ['organizations'],
        summary: 'The organization of this request',
        response: { 200: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String(), role: RoleSchema }) },
      },
    },
    async (request) => {
      const org = await findOrganizationById(db, request.tenant.orgId);
      if (!org) throw coreErrors.RESOURCE_NOT_FOUND();
      return { id: org.id, slug: org.slug, name: org.name, role: request.tenant.role };
    },
  );

  app.get(
    '/api/orgs/current/members',
    {
      config: { access: { role: 'admin', scope: 'org:read' } },
      schema: {
        tags: ['organizations'],
        summary: 'Members and their roles',
        response: { 200: Type.Array(Type.Object({ userId: Type.String(), email: Type.String(), name: Type.String(), role: RoleSchema })) },
      },
    },
    async (request) => (await listMembersOfOrg(db, request.tenant.orgId)).map(({ createdAt: _c, ...m }) => m),
  );

  app.put(
    '/api/orgs/current/members',
    {
      config: { access: { role: 'admin', scope: 'org:write' } },
      schema: {
        tags: ['organizations'],
        summary: 'Add an existing user to the organization or change their role',
        body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 320 }), role: RoleSchema }, { additionalProperties: false }),
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async (request) => {
      if (request.body.role === 'owner' && request.tenant.role !== 'owner') throw coreErrors.FORBIDDEN({ message: 'Only an owner can make another owner.' });
      const user = await findUserByEmail(db, request.body.email);
      if (!user) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No user with that email; create it first (tessera user create).' });
      await addMember(db, request.tenant.orgId, user.id, request.body.role, actorOf(request));
      await platform.authenticator.invalidate({ orgId: request.tenant.orgId });
      return { ok: true };
    },
  );

  app.get(
    '/api/api-keys',
    {
      config: { access: { role: 'admin', scope: 'org:read' } },
      schema: { tags: ['api keys'], summary: 'API keys of the organization (never the secret)', response: { 200: Type.Array(ApiKeyView) } },
    },
    async (request) => (await listApiKeysOfOrg(db, request.tenant.orgId)).map(keyView),
  );

  app.post(
    '/api/api-keys',
    {
      config: { access: { role: 'admin', scope: 'org:write' } },
      schema: {
        tags: ['api keys'],
        summary: 'Create an API key; the key is shown once in this answer',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            role: RoleSchema,
            scopes: Type.Optional(Type.Array(SCOPE, { maxItems: 50 })),
            expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
            ownerTeam: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ key: Type.String(), apiKey: ApiKeyView }) },
      },
    },
    async (request, reply) => {
      const { name, role, scopes, expiresAt, ownerTeam } = request.body;
      if (!roleAtLeast(request.tenant.role, role)) throw coreErrors.FORBIDDEN({ message: 'A key cannot have a higher role than its creator.' });
      const expiry = expiresAt ? new Date(expiresAt) : null;
      if (expiry && expiry.getTime() <= Date.now()) throw coreErrors.VALIDATION_FAILED({ message: 'expiresAt must be in the future.' });
      const created = await createApiKey(
        db,
        {
          orgId: request.tenant.orgId,
          name,
          role,
          scopes: scopes ?? [],
          expiresAt: expiry,
          ownerUserId: request.principal?.userId ?? null,
          ownerTeam: ownerTeam ?? null,
          createdBy: request.principal?.userId ?? null,
        },
        actorOf(request),
      );
      return reply.status(201).send({ key: created.key, apiKey: keyView(created.row) });
    },
  );

  app.delete(
    '/api/api-keys/:id',
    {
      config: { access: { role: 'admin', scope: 'org:write' } },
      schema: { tags: ['api keys'], summary: 'Revoke an API key (takes effect on every server process)', params: UuidParam, response: { 200: ApiKeyView } },
    },
    async (request) => {
      const row = await revokeApiKey(db, request.tenant.orgId, request.params.id, actorOf(request));
      await platform.authenticator.invalidate({ orgId: request.tenant.orgId, apiKeyId: row.id });
      return keyView(row);
    },
  );
}
