import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';

describe('Prometheus metrics', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await createTestApp();
    org = await t.createOrg();
  });
  afterAll(async () => t.close());

  it('counts requests by route template, never by raw URL, and counts auth failures', async () => {
    const id = '11111111-1111-4111-8111-111111111111';
    await t.app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: { authorization: `Bearer ${org.ownerKey}` } });
    await t.app.inject({ method: 'GET', url: '/api/orgs/current' });
    const metricsKey = await t.createKey(org.orgId, 'admin', ['platform:metrics']);
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${metricsKey}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('http_requests_total{method="GET",route="/api/jobs/:id",status="404"} 1');
    expect(res.body).not.toContain(id);
    expect(res.body).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/jobs\/:id",status="404"\} \d/);
    expect(res.body).toMatch(/auth_failures_total\{reason="missing"\} [1-9]/);
    expect(res.body).toContain('http_active_connections');
  });

  it('is refused to keys without the metrics scope', async () => {
    const plain = await t.createKey(org.orgId, 'admin', ['org:read']);
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${plain}` } });
    expect(res.statusCode).toBe(403);
  });
});
