import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';

const SECURITY_HEADERS = [
  'strict-transport-security',
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'permissions-policy',
];

describe('HTTP hardening', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await createTestApp({ config: { rateLimitPerIp: 5, bodyLimitBytes: 2048 } });
    org = await t.createOrg();
  });
  afterAll(async () => t.close());

  it('puts the security headers and a correlation id on successes, errors and 404s alike', async () => {
    const answers = [
      await t.app.inject({ method: 'GET', url: '/healthz' }),
      await t.app.inject({ method: 'GET', url: '/api/orgs/current' }),
      await t.app.inject({ method: 'GET', url: '/api/nope' }),
      await t.app.inject({ method: 'GET', url: `/api/jobs/${'9'.repeat(300)}`, headers: { authorization: `Bearer ${org.ownerKey}` } }),
    ];
    for (const res of answers) {
      for (const h of SECURITY_HEADERS) expect(res.headers[h], `${h} on ${res.statusCode}`).toBeTruthy();
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-correlation-id']).toBeTruthy();
    }
    expect(answers.map((a) => a.statusCode)).toEqual([200, 401, 404, 414]);
  });

  it('echoes a well-formed correlation id, replaces a malformed one, and puts it in error bodies', async () => {
    const echoed = await t.app.inject({ method: 'GET', url: '/api/orgs/current', headers: { 'x-correlation-id': 'trace-123.abc' } });
    expect(echoed.headers['x-correlation-id']).toBe('trace-123.abc');
    expect(echoed.json().error.requestId).toBe('trace-123.abc');
    const replaced = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-correlation-id': 'bad id with spaces <script>' } });
    expect(replaced.headers['x-correlation-id']).not.toContain(' ');
  });

  it('reports health with version, commit and database state', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.json()).toMatchObject({ status: 'ok', version: expect.any(String), git_sha: 'test', database: 'healthy', timestamp: expect.any(String) });
  });

  it('refuses bodies over the limit with BODY_TOO_LARGE and malformed JSON with MALFORMED_JSON', async () => {
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: { authorization: `Bearer ${org.ownerKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(5000), role: 'viewer' }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('BODY_TOO_LARGE');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: { authorization: `Bearer ${org.ownerKey}`, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('MALFORMED_JSON');
  });

  it('rate-limits anonymous callers per IP with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: 'nobody@x.y', password: 'nope' },
        remoteAddress: '10.9.8.7',
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) retryAfter = res.headers['retry-after']?.toString();
    }
    expect(statuses.filter((s) => s === 429).length).toBe(3);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(t.platform.metrics.rateLimited).toBeTruthy();
  });
});

describe('readiness', () => {
  it('answers 503 while the database is down', async () => {
    const t = await createTestApp();
    const up = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(up.statusCode).toBe(200);
    const org = await t.createOrg();
    await t.platform.database.close();
    const down = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'degraded', database: 'unhealthy' });
    // A request that needs the database now fails with a bare INTERNAL: no message, stack or SQL.
    const failed = await t.app.inject({ method: 'GET', url: '/api/orgs/current', headers: { authorization: `Bearer ${org.ownerKey}` } });
    expect(failed.statusCode).toBe(500);
    expect(Object.keys(failed.json().error).sort()).toEqual(['code', 'hint', 'message', 'requestId']);
    expect(failed.json().error.code).toBe('INTERNAL');
    expect(failed.body).not.toMatch(/pglite|closed|stack|select|core\./i);
    await t.app.close();
    await t.platform.close();
  });
});
