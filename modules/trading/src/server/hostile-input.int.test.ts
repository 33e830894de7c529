import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sweepHostileInputs, tableFingerprint, type TestApp, type TestOrg } from '@tessera/testkit';
import { tradingModule } from './index.ts';

describe('hostile input sweep over the trading routes', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await createTestApp({ modules: [tradingModule], config: { rateLimitPerKey: 1_000_000, rateLimitPerIp: 1_000_000 } });
    org = await t.createOrg('hostile-trading');
    const user = await t.createUser([{ orgId: org.orgId, role: 'owner' }]);
    await tradingModule.seedDemo!({ platform: t.platform, orgId: org.orgId, orgSlug: org.slug, userId: user.userId });
  });
  afterAll(async () => t?.close());

  it('answers every malformed request with a 4xx and an error code, and writes nothing', async () => {
    const result = await sweepHostileInputs(t.app, {
      headers: { authorization: `Bearer ${org.ownerKey}` },
      fingerprint: () => tableFingerprint((sql) => t.platform.database.query(sql), ['core', 'trading'], ['core.schema_migrations']),
    });
    expect(result.failures).toEqual([]);
    expect(result.requests).toBeGreaterThan(30);
  });
});
