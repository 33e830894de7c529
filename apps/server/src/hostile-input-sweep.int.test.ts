import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sweepHostileInputs, tableFingerprint, type TestApp, type TestOrg } from '@tessera/testkit';
import { ALL_MODULES } from './all-modules.ts';

describe('hostile input sweep over every route in the OpenAPI document', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await createTestApp({ modules: ALL_MODULES, config: { rateLimitPerKey: 1_000_000, rateLimitPerIp: 1_000_000 } });
    org = await t.createOrg('hostile');
    const user = await t.createUser([{ orgId: org.orgId, role: 'owner' }]);
    for (const mod of ALL_MODULES) await mod.seedDemo?.({ platform: t.platform, orgId: org.orgId, orgSlug: org.slug, userId: user.userId });
  });
  afterAll(async () => t.close());

  it('answers every malformed request with a 4xx and an error code, and writes nothing', async () => {
    const schemas = ['core', ...ALL_MODULES.map((m) => m.name.replaceAll('-', '_'))];
    const result = await sweepHostileInputs(t.app, {
      headers: { authorization: `Bearer ${org.ownerKey}` },
      // Sign-in with bad bodies is covered too; the audit log and job table only grow on accepted requests.
      fingerprint: () => tableFingerprint((sql) => t.platform.database.query(sql), schemas, ['core.schema_migrations']),
    });
    expect(result.failures).toEqual([]);
    expect(result.requests).toBeGreaterThan(50);
  });
});
