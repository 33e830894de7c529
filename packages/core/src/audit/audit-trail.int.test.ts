import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { recordAudit, verifyAuditChain } from './audit-trail.ts';

describe('audit chain', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('verifies an untouched chain and names the row edited behind its back', async () => {
    const org = await t.createOrg();
    const db = t.platform.database.db;
    for (let i = 0; i < 5; i++) {
      await db.transaction(async (tx) => {
        await recordAudit(
          tx,
          org.orgId,
          { type: 'system', id: 'test' },
          { action: 'thing.changed', targetType: 'thing', targetId: String(i), data: { i, nested: { b: 1, a: [1, 'x'] } } },
        );
      });
    }
    const clean = await verifyAuditChain(db, org.orgId);
    expect(clean.valid).toBe(true);
    // org.created + api_key.created + 5 entries
    expect(clean.entriesChecked).toBe(7);

    await t.platform.database.query(`update core.audit_log set data = jsonb_set(data, '{i}', '99') where org_id = $1 and seq = 4`, [org.orgId]);
    const broken = await verifyAuditChain(db, org.orgId);
    expect(broken.valid).toBe(false);
    expect(broken.firstBreakAt).toBe(4);
    expect(broken.errors.map((e) => e.seq)).toEqual([4]);
  });

  it('reports the verification through the admin endpoint and refuses members', async () => {
    const org = await t.createOrg();
    const res = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: { authorization: `Bearer ${org.ownerKey}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: true, entriesChecked: 2, firstBreakAt: null, errors: [] });
    const memberKey = await t.createKey(org.orgId, 'member');
    const denied = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: { authorization: `Bearer ${memberKey}` } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('FORBIDDEN');
  });

  it('detects a deleted entry at the end of the chain', async () => {
    const org = await t.createOrg();
    await t.platform.database.query('delete from core.audit_log where org_id = $1 and seq = 2', [org.orgId]);
    const result = await verifyAuditChain(t.platform.database.db, org.orgId);
    expect(result.valid).toBe(false);
    expect(result.firstBreakAt).toBe(2);
    expect(result.errors[0]?.reason).toMatch(/missing/);
  });
});
