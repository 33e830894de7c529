import type { FastifyInstance, FastifyRequest } from 'fastify';
import { coreErrors } from '../errors/core-errors.ts';
import type { Principal, RouteAccess, Tenant } from '../identity/principal.ts';
import { roleAtLeast, scopesAllow } from '../identity/roles.ts';
import type { Platform } from '../platform.ts';

export const SESSION_COOKIE = 'tessera_session';
export const ORG_HEADER = 'x-tessera-org';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const kTenant = Symbol('tenant');

type RequestWithTenant = FastifyRequest & { [kTenant]?: Tenant | null };

/**
 * Every route must declare its caller (`config.access`); the app refuses to start otherwise. On
 * each request the declared access is enforced before the body is even parsed.
 */
export function registerAccessControl(app: FastifyInstance, platform: Platform): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('tenant', {
    getter(this: RequestWithTenant) {
      const t = this[kTenant];
      if (!t) throw coreErrors.ORG_REQUIRED();
      return t;
    },
  });

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access === undefined) {
      // Plugins we do not write (the API reference page) are public documentation.
      if (route.url.startsWith('/docs')) {
        route.config = { ...route.config, access: 'public' };
        return;
      }
      throw new Error(`route ${String(route.method)} ${route.url} does not declare config.access`);
    }
    if (!route.url.startsWith('/docs') && !route.schema?.response)
      throw new Error(`route ${String(route.method)} ${route.url} does not declare a response schema`);
  });

  app.addHook('onRequest', async (request, reply) => {
    const access: RouteAccess = request.routeOptions.config.access ?? 'public';
    if (access === 'public') {
      if (request.routeOptions.url === undefined || request.routeOptions.url.startsWith('/healthz') || request.routeOptions.url.startsWith('/readyz')) return;
      const decision = await platform.rateLimiter.consume(`ip:${request.ip}`, platform.config.rateLimitPerIp, 60_000);
      if (!decision.allowed) {
        platform.metrics.rateLimited.inc({ kind: 'ip' });
        throw coreErrors.RATE_LIMITED({ headers: { 'retry-after': String(decision.retryAfterSeconds) } });
      }
      return;
    }
    const principal = await resolvePrincipal(request, platform);
    request.principal = principal;
    if (principal.kind === 'session' && UNSAFE.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== principal.csrfToken) {
        platform.metrics.authFailures.inc({ reason: 'csrf' });
        throw coreErrors.CSRF_FAILED();
      }
    }
    if (access.tenant !== false) {
      const tenant = resolveTenant(request, principal);
      (request as RequestWithTenant)[kTenant] = tenant;
      if (!roleAtLeast(tenant.role, access.role))
        throw coreErrors.FORBIDDEN({ message: `This action needs the ${access.role} role or higher; you are ${tenant.role}.` });
    } else {
      const best = principal.keyOrg ? [principal.keyOrg.role] : principal.memberships.map((m) => m.role);
      if (access.role !== 'viewer' && !best.some((r) => roleAtLeast(r, access.role))) throw coreErrors.FORBIDDEN();
    }
    if (access.scope && principal.scopes && !scopesAllow(principal.scopes, access.scope)) {
      throw coreErrors.FORBIDDEN({ message: `This API key lacks the scope ${access.scope}.` });
    }
    if (!request.routeOptions.config.ownRateLimit) {
      const who = principal.apiKeyId ?? principal.sessionId ?? 'unknown';
      const decision = await platform.rateLimiter.consume(`key:${who}`, platform.config.rateLimitPerKey, 60_000);
      if (!decision.allowed) {
        platform.metrics.rateLimited.inc({ kind: 'key' });
        throw coreErrors.RATE_LIMITED({ headers: { 'retry-after': String(decision.retryAfterSeconds) } });
      }
      reply.header('x-ratelimit-remaining', String(decision.remaining));
    }
  });
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey ? apiKey.trim() : null;
}

async function resolvePrincipal(request: FastifyRequest, platform: Platform): Promise<Principal> {
  const token = bearerToken(request);
  if (token) {
    const principal = await platform.authenticator.fromApiKey(token);
    if (!principal) {
      platform.metrics.authFailures.inc({ reason: 'invalid_key' });
      throw coreErrors.AUTH_INVALID();
    }
    return principal;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) {
    const principal = await platform.authenticator.fromSessionToken(cookie);
    if (!principal) {
      platform.metrics.authFailures.inc({ reason: 'invalid_session' });
      throw coreErrors.AUTH_INVALID({ message: 'Your session has expired or was signed out.' });
    }
    return principal;
  }
  platform.metrics.authFailures.inc({ reason: 'missing' });
  throw coreErrors.AUTH_REQUIRED();
}

/**
 * The organization the request names: the header, or on a GET `?org=`, because the browser's
 * EventSource cannot send headers (a route that wants the parameter declares it in its querystring).
 */
function wantedOrg(request: FastifyRequest): string | null {
  const header = request.headers[ORG_HEADER];
  if (typeof header === 'string' && header) return header;
  if (request.method !== 'GET') return null;
  const fromQuery = (request.query as { org?: unknown } | undefined)?.org;
  return typeof fromQuery === 'string' && fromQuery ? fromQuery : null;
}

function resolveTenant(request: FastifyRequest, principal: Principal): Tenant {
  const wanted = wantedOrg(request);
  if (principal.keyOrg) {
    if (wanted && wanted !== principal.keyOrg.slug && wanted !== principal.keyOrg.id)
      throw coreErrors.ORG_NOT_MEMBER({ message: 'This API key belongs to another organization.' });
    return { orgId: principal.keyOrg.id, orgSlug: principal.keyOrg.slug, role: principal.keyOrg.role };
  }
  const memberships = principal.memberships;
  const found = wanted ? memberships.find((m) => m.slug === wanted || m.orgId === wanted) : memberships.length === 1 ? memberships[0] : undefined;
  if (!found) throw wanted ? coreErrors.ORG_NOT_MEMBER() : coreErrors.ORG_REQUIRED();
  return { orgId: found.orgId, orgSlug: found.slug, role: found.role };
}
