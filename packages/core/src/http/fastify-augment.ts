import type { Principal, RouteAccess, Tenant } from '../identity/principal.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Required on every route: the app refuses to start otherwise. */
    access?: RouteAccess;
    /** Skip the per-key/IP platform rate limit (the route applies its own, e.g. the gateway). */
    ownRateLimit?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The organization the request acts in; reading it on a tenant-less route throws ORG_REQUIRED. */
    readonly tenant: Tenant;
  }
}

export {};
