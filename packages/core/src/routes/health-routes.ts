import { Type } from 'typebox';
import type { App } from '../http/create-app.ts';
import type { Platform } from '../platform.ts';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  version: Type.String(),
  git_sha: Type.String(),
  database: Type.Union([Type.Literal('healthy'), Type.Literal('unhealthy')]),
  database_backend: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  redis: Type.Union([Type.Literal('healthy'), Type.Literal('unhealthy'), Type.Literal('not_configured')]),
  modules: Type.Array(Type.String()),
  timestamp: Type.String({ format: 'date-time' }),
});

async function redisHealth(platform: Platform): Promise<'healthy' | 'unhealthy' | 'not_configured'> {
  if (!platform.redis) return 'not_configured';
  try {
    return (await platform.redis.ping()) === 'PONG' ? 'healthy' : 'unhealthy';
  } catch {
    return 'unhealthy';
  }
}

export function registerHealthRoutes(app: App, platform: Platform, moduleNames: string[]): void {
  const check = async () => {
    const [dbOk, redis] = await Promise.all([platform.database.ping(), redisHealth(platform)]);
    return {
      status: dbOk && redis !== 'unhealthy' ? ('ok' as const) : ('degraded' as const),
      version: platform.version,
      git_sha: platform.gitSha,
      database: dbOk ? ('healthy' as const) : ('unhealthy' as const),
      database_backend: platform.database.kind,
      redis,
      modules: moduleNames,
      timestamp: new Date().toISOString(),
    };
  };
  app.get(
    '/healthz',
    { config: { access: 'public' }, schema: { tags: ['platform'], summary: 'Liveness with version, commit and dependency state', response: { 200: Health } } },
    check,
  );
  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: { tags: ['platform'], summary: 'Readiness: 503 while a required dependency is down', response: { 200: Health, 503: Health } },
    },
    async (_request, reply) => {
      const health = await check();
      return reply.status(health.status === 'ok' ? 200 : 503).send(health);
    },
  );
  app.get(
    '/metrics',
    {
      config: { access: { role: 'admin', scope: 'platform:metrics', tenant: false } },
      schema: {
        tags: ['platform'],
        summary: 'Prometheus metrics (API key with scope platform:metrics, or an admin session)',
        response: { 200: Type.String() },
      },
    },
    async (_request, reply) => {
      reply.header('content-type', platform.metrics.registry.contentType);
      return platform.metrics.registry.metrics();
    },
  );
}
