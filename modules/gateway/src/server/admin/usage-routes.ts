import type { App, Platform } from '@tessera/core';
import type { GatewayService } from '../engine/gateway-service.ts';
import { recentRequests, usageBy, type UsageDimension } from '../metering/usage-repository.ts';
import { CacheFlushBody, Json, JsonList, PlaygroundBody, UsageQuery } from './admin-schemas.ts';
import { Type } from 'typebox';

const read = { access: { role: 'viewer' as const, scope: 'gateway:read' } };
const write = { access: { role: 'admin' as const, scope: 'gateway:write' } };
const tags = ['gateway admin'];
const DAY_MS = 86_400_000;

/** Usage analytics, recent requests, cache stats and flush, and the playground (runs through the LLM port). */
export async function registerUsageRoutes(app: App, platform: Platform, service: GatewayService): Promise<void> {
  app.get('/api/gateway/usage', { config: read, schema: { tags, querystring: UsageQuery, response: { 200: Json } } }, async (request) => {
    const by = (request.query.by ?? 'day') as UsageDimension;
    const to = request.query.to ? new Date(Date.parse(request.query.to) + DAY_MS) : new Date(Date.now() + DAY_MS);
    const from = request.query.from ? new Date(request.query.from) : new Date(to.getTime() - 31 * DAY_MS);
    await service.usage.flush();
    const rows = await usageBy(platform.database, request.tenant.orgId, by, from.toISOString(), to.toISOString());
    return {
      by,
      from: from.toISOString(),
      to: to.toISOString(),
      rows: rows.map((r) => ({
        bucket: r.bucket,
        requests: Number(r.requests),
        errors: Number(r.errors),
        promptTokens: Number(r.prompt_tokens),
        completionTokens: Number(r.completion_tokens),
        costMicros: r.cost_micros,
        cached: Number(r.cached),
      })),
    };
  });
  app.get(
    '/api/gateway/requests',
    {
      config: read,
      schema: {
        tags,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }),
        response: { 200: JsonList },
      },
    },
    async (request) => {
      await service.usage.flush();
      return recentRequests(platform.database, request.tenant.orgId, request.query.limit ?? 50);
    },
  );
  app.get('/api/gateway/cache', { config: read, schema: { tags, response: { 200: Json } } }, async (request) => ({
    backend: platform.redis ? 'redis' : 'memory',
    ...(await service.cache.statsOf(request.tenant.orgId)),
  }));
  app.post(
    '/api/gateway/cache/flush',
    {
      config: write,
      schema: { tags, summary: 'Drop cached answers: all of the organization, or of one model and/or key.', body: CacheFlushBody, response: { 200: Json } },
      // A bare POST (no body, as before the filters existed) flushes everything.
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
    },
    async (request) => {
      const b = request.body ?? {};
      const removed = await service.cache.flush(request.tenant.orgId, {
        ...(b.model !== undefined ? { model: b.model } : {}),
        ...(b.apiKeyId !== undefined ? { apiKeyId: b.apiKeyId } : {}),
      });
      return { removed };
    },
  );

  app.post(
    '/api/gateway/playground',
    { config: { access: { role: 'member', scope: 'gateway:invoke' } }, schema: { tags, body: PlaygroundBody, response: { 200: Json } } },
    async (request) => {
      const llm = platform.llm.get();
      if (!llm) return { error: 'gateway unavailable' };
      const b = request.body;
      const result = await llm.chat({
        orgId: request.tenant.orgId,
        caller: { userId: request.principal?.userId ?? null, apiKeyId: request.principal?.apiKeyId ?? null, module: 'gateway', purpose: 'playground' },
        model: b.model,
        messages: b.messages,
        ...(b.maxTokens ? { maxTokens: b.maxTokens } : {}),
      });
      return { ...result };
    },
  );
}
