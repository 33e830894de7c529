import type { Role } from './roles.ts';

/** Who is calling: resolved once per request by the auth hook. */
export interface Principal {
  kind: 'api-key' | 'session';
  userId: string | null;
  apiKeyId: string | null;
  sessionId: string | null;
  /** Scopes of an API key; sessions act with their role only. */
  scopes: readonly string[] | null;
  /** For API keys: the key's own organization and role. */
  keyOrg: { id: string; slug: string; role: Role } | null;
  /** For sessions: every membership of the user. */
  memberships: readonly { orgId: string; slug: string; name: string; role: Role }[];
  csrfToken: string | null;
  label: string;
}

/** The organization a request acts in, with the caller's role there. */
export interface Tenant {
  orgId: string;
  orgSlug: string;
  role: Role;
}

/**
 * What a route declares about its caller. `public` routes need nothing; the rest need a role in
 * the request's organization (and for API keys, the scope). `tenant: false` marks account-level
 * routes (sign-out, me) that need a principal but no organization.
 */
export type RouteAccess = 'public' | { role: Role; scope?: string; tenant?: boolean };
