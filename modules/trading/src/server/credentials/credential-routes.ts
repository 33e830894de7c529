import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { actorOf, coreErrors, recordAudit, type App, type Platform } from '@tessera/core';
import { CredentialViewSchema, ProviderSchema } from '../../contracts/index.ts';
import { subjectOf } from '../request-context.ts';
import { credentialView, findCredential, listCredentials, mask, saveCredential } from './credential-service.ts';

const read = { role: 'viewer', scope: 'trading:read' } as const;
const write = { role: 'member', scope: 'trading:write' } as const;
const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const ModelName = Type.String({ minLength: 1, maxLength: 120, pattern: '^[A-Za-z0-9._:/@-]+$' });

export function registerCredentialRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;

  app.get(
    '/api/trading/credentials',
    { config: { access: read }, schema: { response: { 200: Type.Object({ credentials: Type.Array(CredentialViewSchema) }) } } },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      return { credentials: (await listCredentials(db, orgId, userId)).map(credentialView) };
    },
  );

  app.post(
    '/api/trading/credentials',
    {
      config: { access: write },
      schema: {
        body: Type.Object(
          {
            provider: ProviderSchema,
            label: Type.String({ minLength: 1, maxLength: 80 }),
            apiKey: Type.String({ minLength: 8, maxLength: 400, pattern: '^[\\x21-\\x7e]+$' }),
            baseUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 300, pattern: '^https?://' })),
            defaultModel: Type.Optional(ModelName),
            fallbackModel: Type.Optional(ModelName),
            makeDefault: Type.Optional(Type.Boolean()),
            acceptRateLimited: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: CredentialViewSchema },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const row = await saveCredential(platform, orgId, userId, actorOf(request), request.body);
      return reply.status(201).send(credentialView(row));
    },
  );

  app.put(
    '/api/trading/credentials/:id/default',
    {
      config: { access: write },
      schema: {
        params: IdParam,
        body: Type.Object(
          { defaultModel: Type.Optional(ModelName), fallbackModel: Type.Optional(Type.Union([ModelName, Type.Null()])) },
          { additionalProperties: false },
        ),
        response: { 200: CredentialViewSchema },
      },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      const c = await findCredential(db, orgId, userId, request.params.id);
      if (!c) throw coreErrors.RESOURCE_NOT_FOUND();
      await db.transaction(async (tx) => {
        await tx.execute(sql`update trading.credentials set is_default = (id = ${c.id}) where org_id = ${orgId} and user_id = ${userId}`);
        if (request.body.defaultModel !== undefined)
          await tx.execute(sql`update trading.credentials set default_model = ${request.body.defaultModel} where id = ${c.id}`);
        if (request.body.fallbackModel !== undefined)
          await tx.execute(sql`update trading.credentials set fallback_model = ${request.body.fallbackModel} where id = ${c.id}`);
        await recordAudit(tx, orgId, actorOf(request), {
          action: 'trading.credential.default',
          targetType: 'credential',
          targetId: c.id,
          data: { ...request.body },
        });
      });
      return credentialView((await findCredential(db, orgId, userId, c.id))!);
    },
  );

  app.delete(
    '/api/trading/credentials/:id',
    { config: { access: write }, schema: { params: IdParam, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const c = await findCredential(db, orgId, userId, request.params.id);
      if (!c) throw coreErrors.RESOURCE_NOT_FOUND();
      await db.transaction(async (tx) => {
        await tx.execute(sql`delete from trading.credentials where id = ${c.id} and org_id = ${orgId}`);
        await recordAudit(tx, orgId, actorOf(request), {
          action: 'trading.credential.delete',
          targetType: 'credential',
          targetId: c.id,
          data: { provider: c.provider, masked: mask(c.last_four) },
        });
      });
      return reply.status(204).send(null);
    },
  );
}
