import { Type } from 'typebox';
import { actorOf, type App, type Platform } from '@tessera/core';
import { CredentialViewSchema, ProviderSchema } from '../../contracts/index.ts';
import { subjectOf } from '../request-context.ts';
import { listCredentials } from './credential-repository.ts';
import { credentialView, deleteCredential, saveCredential, setDefaultCredential } from './credential-service.ts';

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
      return credentialView(await setDefaultCredential(db, orgId, userId, actorOf(request), request.params.id, request.body));
    },
  );

  app.delete(
    '/api/trading/credentials/:id',
    { config: { access: write }, schema: { params: IdParam, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      await deleteCredential(db, orgId, userId, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
