import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';

describe('identity: sessions, CSRF, API keys, roles and scopes', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await createTestApp();
    org = await t.createOrg('ident');
  });
  afterAll(async () => t.close());

  async function signIn(email: string, password: string) {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password } });
    const cookie = res.cookies.find((c) => c.name === 'tessera_session');
    return { res, cookie: cookie ? `tessera_session=${cookie.value}` : '', csrf: res.statusCode === 200 ? (res.json().csrfToken as string) : '' };
  }

  it('signs in with an HttpOnly cookie, answers me, and signs out', async () => {
    const user = await t.createUser([{ orgId: org.orgId, role: 'admin' }]);
    const { res, cookie, csrf } = await signIn(user.email, user.password);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ kind: 'session', csrfToken: csrf, organizations: [{ slug: 'ident', role: 'admin' }] });
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const user = await t.createUser([]);
    const wrong = await signIn(user.email, 'not the password');
    const unknown = await signIn('ghost@nowhere.test', 'whatever');
    expect([wrong.res.statusCode, unknown.res.statusCode]).toEqual([401, 401]);
    expect(wrong.res.json().error.code).toBe('SIGN_IN_FAILED');
    expect(unknown.res.json().error.code).toBe('SIGN_IN_FAILED');
  });

  it('requires the CSRF token for state changes made with a session cookie', async () => {
    const user = await t.createUser([{ orgId: org.orgId, role: 'owner' }]);
    const { cookie, csrf } = await signIn(user.email, user.password);
    const payload = { name: 'from browser', role: 'viewer' };
    const without = await t.app.inject({ method: 'POST', url: '/api/api-keys', headers: { cookie }, payload });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('CSRF_FAILED');
    const withToken = await t.app.inject({ method: 'POST', url: '/api/api-keys', headers: { cookie, 'x-csrf-token': csrf }, payload });
    expect(withToken.statusCode).toBe(201);
  });

  it('needs an organization header when a user belongs to several', async () => {
    const other = await t.createOrg();
    const user = await t.createUser([
      { orgId: org.orgId, role: 'viewer' },
      { orgId: other.orgId, role: 'owner' },
    ]);
    const { cookie } = await signIn(user.email, user.password);
    const none = await t.app.inject({ method: 'GET', url: '/api/orgs/current', headers: { cookie } });
    expect(none.json().error.code).toBe('ORG_REQUIRED');
    const chosen = await t.app.inject({ method: 'GET', url: '/api/orgs/current', headers: { cookie, 'x-tessera-org': other.slug } });
    expect(chosen.json()).toMatchObject({ slug: other.slug, role: 'owner' });
    const foreign = await t.app.inject({ method: 'GET', url: '/api/orgs/current', headers: { cookie, 'x-tessera-org': 'not-mine' } });
    expect(foreign.json().error.code).toBe('ORG_NOT_MEMBER');
    // EventSource cannot send headers, so a GET may name the organization in ?org=; the header wins.
    const byQuery = await t.app.inject({ method: 'GET', url: `/api/orgs/current?org=${other.slug}`, headers: { cookie } });
    expect(byQuery.json()).toMatchObject({ slug: other.slug, role: 'owner' });
    const headerFirst = await t.app.inject({ method: 'GET', url: `/api/orgs/current?org=${other.slug}`, headers: { cookie, 'x-tessera-org': org.slug } });
    expect(headerFirst.json()).toMatchObject({ slug: org.slug, role: 'viewer' });
    const foreignQuery = await t.app.inject({ method: 'GET', url: '/api/orgs/current?org=not-mine', headers: { cookie } });
    expect(foreignQuery.json().error.code).toBe('ORG_NOT_MEMBER');
  });

  it('shows a new key once, lists it masked, and stops it working on revocation', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: { authorization: `Bearer ${org.ownerKey}` },
      payload: { name: 'ci', role: 'member', scopes: ['org:read'] },
    });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^tsk_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}$/);
    expect(apiKey.masked).toBe(`tsk_${apiKey.prefix}_…${key.slice(-4)}`);
    const list = await t.app.inject({ method: 'GET', url: '/api/api-keys', headers: { authorization: `Bearer ${org.ownerKey}` } });
    expect(list.body).not.toContain(key);
    expect(list.json().some((k: { id: string }) => k.id === apiKey.id)).toBe(true);
    const works = await t.app.inject({ method: 'GET', url: '/api/orgs/current', headers: { authorization: `Bearer ${key}` } });
    expect(works.statusCode).toBe(200);
    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/api-keys/${apiKey.id}`, headers: { authorization: `Bearer ${org.ownerKey}` } });
    expect(revoked.json().revokedAt).toBeTruthy();
    const refused = await t.app.inject({ method: 'GET', url: '/api/orgs/current', headers: { authorization: `Bearer ${key}` } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('AUTH_INVALID');
  });

  it('enforces roles and scopes: a viewer cannot create keys, a scoped key cannot leave its scope', async () => {
    const viewer = await t.createKey(org.orgId, 'viewer');
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: { authorization: `Bearer ${viewer}` },
      payload: { name: 'x', role: 'viewer' },
    });
    expect(denied.statusCode).toBe(403);
    const scoped = await t.createKey(org.orgId, 'admin', ['audit:read']);
    const inScope = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: { authorization: `Bearer ${scoped}` } });
    expect(inScope.statusCode).toBe(200);
    const outOfScope = await t.app.inject({ method: 'GET', url: '/api/api-keys', headers: { authorization: `Bearer ${scoped}` } });
    expect(outOfScope.statusCode).toBe(403);
    const escalate = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: { authorization: `Bearer ${await t.createKey(org.orgId, 'admin')}` },
      payload: { name: 'x', role: 'owner' },
    });
    expect(escalate.json().error.code).toBe('FORBIDDEN');
  });

  it('refuses an expired key', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: { authorization: `Bearer ${org.ownerKey}` },
      payload: { name: 'short', role: 'viewer', expiresAt: new Date(Date.now() + 1500).toISOString() },
    });
    const { key } = created.json();
    await t.platform.database.query("update core.api_keys set expires_at = now() - interval '1 second' where prefix = $1", [key.split('_')[1]]);
    t.platform.authenticator.evictAll();
    const res = await t.app.inject({ method: 'GET', url: '/api/orgs/current', headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode).toBe(401);
  });

  it('records key creation and revocation in the audit trail', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit?action=api_key.created', headers: { authorization: `Bearer ${org.ownerKey}` } });
    expect(res.json().entries.length).toBeGreaterThanOrEqual(2);
    const csv = await t.app.inject({ method: 'GET', url: '/api/audit/export?format=csv', headers: { authorization: `Bearer ${org.ownerKey}` } });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe('seq,id,at,actorType,actorId,action,targetType,targetId,data,requestId,prevHash,hash');
  });
});
