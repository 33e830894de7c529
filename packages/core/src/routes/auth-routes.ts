import { Type } from 'typebox';
import { coreErrors } from '../errors/core-errors.ts';
import { SESSION_COOKIE } from '../http/access-control.ts';
import type { App } from '../http/create-app.ts';
import { revokeSession } from '../identity/identity-repository.ts';
import { signIn } from '../identity/identity-service.ts';
import type { TesseraModule } from '../modules/module-contract.ts';
import type { Platform } from '../platform.ts';
import { RoleSchema } from './shared-schemas.ts';

const Me = Type.Object({
  user: Type.Union([Type.Object({ id: Type.String(), label: Type.String() }), Type.Null()]),
  kind: Type.Union([Type.Literal('api-key'), Type.Literal('session')]),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
  organizations: Type.Array(Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String(), role: RoleSchema })),
  modules: Type.Array(Type.Object({ name: Type.String(), title: Type.String(), summary: Type.String(), webPath: Type.String(), demoOrgSlug: Type.String() })),
});

export function registerAuthRoutes(app: App, platform: Platform, modules: readonly TesseraModule[]): void {
  const moduleList = modules.map((m) => ({ name: m.name, title: m.title, summary: m.summary, webPath: m.webPath, demoOrgSlug: m.demoOrg.slug }));

  app.post(
    '/api/auth/sign-in',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets an HttpOnly session cookie',
        body: Type.Object(
          { email: Type.String({ minLength: 3, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ csrfToken: Type.String(), userId: Type.String() }) },
      },
    },
    async (request, reply) => {
      const limit = await platform.rateLimiter.consume(`sign-in:${request.body.email.toLowerCase()}`, 10, 60_000);
      if (!limit.allowed) throw coreErrors.RATE_LIMITED({ headers: { 'retry-after': String(limit.retryAfterSeconds) } });
      const { token, session, user } = await signIn(platform.database.db, request.body.email, request.body.password, platform.config.sessionTtlHours, {
        userAgent: request.headers['user-agent'] ?? null,
        ip: request.ip,
      });
      reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: platform.config.secureCookies, path: '/', expires: session.expiresAt });
      return { csrfToken: session.csrfToken, userId: user.id };
    },
  );

  app.post(
    '/api/auth/sign-out',
    {
      config: { access: { role: 'viewer', tenant: false } },
      schema: { tags: ['auth'], summary: 'End the browser session', response: { 200: Type.Object({ ok: Type.Boolean() }) } },
    },
    async (request, reply) => {
      if (request.principal?.sessionId) await revokeSession(platform.database.db, request.principal.sessionId);
      await platform.authenticator.invalidate({ sessionId: request.principal?.sessionId ?? null });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: { role: 'viewer', tenant: false } },
      schema: { tags: ['auth'], summary: 'Who am I: user, organizations, CSRF token and enabled modules', response: { 200: Me } },
    },
    async (request) => {
      const p = request.principal;
      if (!p) throw coreErrors.AUTH_REQUIRED();
      const organizations = p.keyOrg
        ? [{ id: p.keyOrg.id, slug: p.keyOrg.slug, name: p.keyOrg.slug, role: p.keyOrg.role }]
        : p.memberships.map((m) => ({ id: m.orgId, slug: m.slug, name: m.name, role: m.role }));
      return { user: p.userId ? { id: p.userId, label: p.label } : null, kind: p.kind, csrfToken: p.csrfToken, organizations, modules: moduleList };
    },
  );
}
