import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import { actorOf, recordAudit, type App, type Platform } from '@tessera/core';
import { DEFAULT_PRICES } from '../engine/pricing.ts';
import type { GatewayService } from '../engine/gateway-service.ts';
import { credentialAad } from '../engine/org-config.ts';
import { gatewayErrors } from '../errors.ts';
import {
  deleteRow,
  insertProvider,
  listAliases,
  listOrgPrices,
  listProviders,
  listRoutes,
  putAlias,
  putPrice,
  updateProvider,
  upsertRoute,
} from './admin-repository.ts';
import { AliasBody, Id, Json, JsonList, PriceBody, ProviderCreate, ProviderUpdate, RouteBody } from './admin-schemas.ts';
import { registerBudgetRoutes } from './budget-routes.ts';
import { registerUsageRoutes } from './usage-routes.ts';
import { registerLimitsRoutes } from './limits-routes.ts';

const read = { access: { role: 'viewer' as const, scope: 'gateway:read' } };
const write = { access: { role: 'admin' as const, scope: 'gateway:write' } };
const tags = ['gateway admin'];

/** Admin API under /api/gateway: providers and credentials, routes, aliases, pricing (platform error shape). */
export async function registerAdminRoutes(app: App, platform: Platform, service: GatewayService): Promise<void> {
  const db = platform.database.db;
  const changed = (orgId: string) => service.configs.changed(orgId);

  app.get('/api/gateway/providers', { config: read, schema: { tags, response: { 200: JsonList } } }, async (request) =>
    listProviders(platform.database, request.tenant.orgId),
  );

  app.post('/api/gateway/providers', { config: write, schema: { tags, body: ProviderCreate, response: { 201: Json } } }, async (request, reply) => {
    const { orgId } = request.tenant;
    const b = request.body;
    if (b.kind === 'openai-compatible' && !b.baseUrl)
      throw gatewayErrors.GATEWAY_INVALID_REQUEST({ message: 'An openai-compatible provider needs a baseUrl.' });
    const id = randomUUID();
    const credential = b.apiKey ? platform.secrets.encrypt(b.apiKey, credentialAad(orgId, id)) : null;
    const row = await db.transaction(async (tx) => {
      const r = await insertProvider(tx, orgId, {
        id,
        name: b.name,
        kind: b.kind,
        baseUrl: b.baseUrl ?? null,
        credential,
        config: b.config ?? {},
        enabled: b.enabled ?? true,
      });
      await recordAudit(tx, orgId, actorOf(request), {
        action: 'gateway.provider.create',
        targetType: 'gateway.provider',
        targetId: id,
        data: { name: b.name, kind: b.kind, hasCredential: Boolean(credential) },
      });
      return r;
    });
    await changed(orgId);
    return reply.status(201).send(row);
  });

  app.patch('/api/gateway/providers/:id', { config: write, schema: { tags, params: Id, body: ProviderUpdate, response: { 200: Json } } }, async (request) => {
    const { orgId } = request.tenant;
    const b = request.body;
    const { id } = request.params;
    const credential = b.apiKey === undefined ? undefined : b.apiKey === null ? null : platform.secrets.encrypt(b.apiKey, credentialAad(orgId, id));
    const row = await db.transaction(async (tx) => {
      const r = await updateProvider(tx, orgId, id, {
        ...(b.baseUrl !== undefined ? { baseUrl: b.baseUrl } : {}),
        ...(credential !== undefined ? { credential } : {}),
        ...(b.config ? { config: b.config } : {}),
        ...(b.enabled !== undefined ? { enabled: b.enabled } : {}),
      });
      if (!r) throw gatewayErrors.GATEWAY_PROVIDER_NOT_FOUND();
      await recordAudit(tx, orgId, actorOf(request), {
        action: 'gateway.provider.update',
        targetType: 'gateway.provider',
        targetId: id,
        data: { credentialChanged: credential !== undefined, enabled: b.enabled ?? null },
      });
      return r;
    });
    await changed(orgId);
    return row;
  });

  app.delete('/api/gateway/providers/:id', { config: write, schema: { tags, params: Id, response: { 200: Json } } }, async (request) => {
    const { orgId } = request.tenant;
    await db.transaction(async (tx) => {
      if (!(await deleteRow(tx, 'providers', orgId, request.params.id))) throw gatewayErrors.GATEWAY_PROVIDER_NOT_FOUND();
      await recordAudit(tx, orgId, actorOf(request), { action: 'gateway.provider.delete', targetType: 'gateway.provider', targetId: request.params.id });
    });
    await changed(orgId);
    return { ok: true };
  });

  app.get('/api/gateway/routes', { config: read, schema: { tags, response: { 200: JsonList } } }, async (request) =>
    listRoutes(platform.database, request.tenant.orgId),
  );

  const saveRoute = async (orgId: string, id: string, b: Static<typeof RouteBody>, actor: ReturnType<typeof actorOf>, verb: string) => {
    const row = await db.transaction(async (tx) => {
      const r = await upsertRoute(tx, orgId, {
        id,
        name: b.name,
        priority: b.priority ?? 100,
        match: b.match ?? {},
        targets: b.targets,
        retries: b.retries ?? 1,
        timeoutMs: b.timeoutMs ?? 60_000,
        enabled: b.enabled ?? true,
      });
      if (!r) throw gatewayErrors.GATEWAY_INVALID_REQUEST({ message: 'Route not found in this organization.' });
      await recordAudit(tx, orgId, actor, {
        action: `gateway.route.${verb}`,
        targetType: 'gateway.route',
        targetId: id,
        data: { name: b.name, targets: b.targets },
      });
      return r;
    });
    await changed(orgId);
    return row;
  };
  app.post('/api/gateway/routes', { config: write, schema: { tags, body: RouteBody, response: { 201: Json } } }, async (request, reply) =>
    reply.status(201).send(await saveRoute(request.tenant.orgId, randomUUID(), request.body, actorOf(request), 'create')),
  );
  app.put('/api/gateway/routes/:id', { config: write, schema: { tags, params: Id, body: RouteBody, response: { 200: Json } } }, async (request) => {
    const existing = await platform.database.query('select 1 from gateway.routes where org_id = $1 and id = $2', [request.tenant.orgId, request.params.id]);
    if (!existing.length) throw gatewayErrors.GATEWAY_INVALID_REQUEST({ message: 'Route not found in this organization.' });
    return saveRoute(request.tenant.orgId, request.params.id, request.body, actorOf(request), 'update');
  });
  app.delete('/api/gateway/routes/:id', { config: write, schema: { tags, params: Id, response: { 200: Json } } }, async (request) => {
    const { orgId } = request.tenant;
    await db.transaction(async (tx) => {
      if (!(await deleteRow(tx, 'routes', orgId, request.params.id)))
        throw gatewayErrors.GATEWAY_INVALID_REQUEST({ message: 'Route not found in this organization.' });
      await recordAudit(tx, orgId, actorOf(request), { action: 'gateway.route.delete', targetType: 'gateway.route', targetId: request.params.id });
    });
    await changed(orgId);
    return { ok: true };
  });

  app.get('/api/gateway/aliases', { config: read, schema: { tags, response: { 200: JsonList } } }, async (request) =>
    listAliases(platform.database, request.tenant.orgId),
  );
  app.put('/api/gateway/aliases', { config: write, schema: { tags, body: AliasBody, response: { 200: Json } } }, async (request) => {
    const { orgId } = request.tenant;
    await db.transaction(async (tx) => {
      await putAlias(tx, orgId, request.body.alias, request.body.target);
      await recordAudit(tx, orgId, actorOf(request), {
        action: 'gateway.alias.put',
        targetType: 'gateway.alias',
        targetId: request.body.alias,
        data: { target: request.body.target },
      });
    });
    await changed(orgId);
    return { ok: true };
  });

  app.get('/api/gateway/pricing', { config: read, schema: { tags, response: { 200: Json } } }, async (request) => ({
    defaults: Object.entries(DEFAULT_PRICES).map(([model, p]) => ({ model, inputMicrosPerM: p.input, outputMicrosPerM: p.output })),
    overrides: (await listOrgPrices(platform.database, request.tenant.orgId)).map((p) => ({
      model: p.model,
      inputMicrosPerM: Number(p.input_micros_per_m),
      outputMicrosPerM: Number(p.output_micros_per_m),
    })),
  }));
  app.put('/api/gateway/pricing', { config: write, schema: { tags, body: PriceBody, response: { 200: Json } } }, async (request) => {
    const { orgId } = request.tenant;
    const b = request.body;
    await db.transaction(async (tx) => {
      await putPrice(tx, orgId, b.model, b.inputMicrosPerM, b.outputMicrosPerM);
      await recordAudit(tx, orgId, actorOf(request), {
        action: 'gateway.price.put',
        targetType: 'gateway.price',
        targetId: b.model,
        data: { input: b.inputMicrosPerM, output: b.outputMicrosPerM },
      });
    });
    await changed(orgId);
    return { ok: true };
  });

  await registerBudgetRoutes(app, platform, service);
  await registerUsageRoutes(app, platform, service);
  await registerLimitsRoutes(app, platform, service);
}
