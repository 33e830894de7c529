import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { bookkeepingModule } from '../index.ts';

interface Metrics {
  company: string;
  lines: number;
  autoApproved: number;
  reviewed: number;
  inReview: number;
  bySource: Record<string, number>;
  autoLaterCorrected: number;
  reviewCorrected: number;
  medianReviewMs: number | null;
  totalReviewMs: number;
}

let t: TestApp;
let org: TestOrg;
const acc: Record<string, string> = {};
const ids: Record<string, string> = {};

const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/bookkeeping${url}`, headers: bearer(org.ownerKey), ...(payload ? { payload } : {}) });

async function decide(line: string, accountId: string, durationMs?: number): Promise<void> {
  const res = await call('POST', `/lines/${ids[line]}/correct`, { accountId, ...(durationMs ? { durationMs } : {}) });
  expect(res.statusCode, res.body).toBe(200);
}

async function metrics(): Promise<{ companies: Metrics[]; pilot: { markdown: string } }> {
  const res = await call('GET', '/metrics');
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp({ modules: [bookkeepingModule] });
  org = await t.createOrg();
  expect((await call('POST', '/companies', { slug: 'mt', name: 'Metrics Test', industry: 'web_agency' })).statusCode).toBe(201);
  for (const a of (await call('GET', '/companies/mt/accounts')).json<{ id: string; code: string }[]>()) acc[a.code] = a.id;
  expect(
    (await call('POST', '/companies/mt/rules', { name: 'Rent', conditions: { description: { op: 'contains', value: 'rent' } }, accountId: acc['6000'] }))
      .statusCode,
  ).toBe(201);
  const imp = await t.app.inject({
    method: 'POST',
    url: `/api/bookkeeping/companies/mt/imports?bankAccountId=${acc['1000']}&fileName=m.csv&wait=true`,
    headers: { ...bearer(org.ownerKey), 'content-type': 'text/csv' },
    payload: 'Date,Description,Amount\n2025-01-01,RENT JANUARY,-1000.00\n2025-02-01,RENT FEBRUARY,-1000.00\n2025-01-05,CAFE,-5.00\n2025-01-06,PAPER,-9.00\n',
  });
  expect(imp.json()).toMatchObject({ autoApproved: 2, inReview: 2 });
  const lines = (await call('GET', '/companies/mt/lines?limit=10')).json<{ lines: { id: string; description: string }[] }>().lines;
  for (const l of lines) ids[l.description] = l.id;
});
afterAll(async () => t.close());

describe('automation metrics per company', () => {
  it('counts every line once: auto-approved (even when corrected later), reviewed by a person, or still in review', async () => {
    await decide('CAFE', acc['6950']!, 4000);
    await decide('PAPER', acc['6800']!, 2000);
    // the import approved February's rent; a person moves it, then changes their mind
    await decide('RENT FEBRUARY', acc['6400']!);
    await decide('RENT FEBRUARY', acc['6000']!);
    const { companies, pilot } = await metrics();
    expect(companies).toHaveLength(1);
    expect(companies[0]).toMatchObject({
      company: 'Metrics Test',
      lines: 4,
      autoApproved: 2,
      reviewed: 2,
      inReview: 0,
      bySource: { rule: 2, memory: 0, model: 0, llm: 0, none: 2 },
      // one auto-approved line was corrected, however often a person changed it afterwards
      autoLaterCorrected: 1,
      reviewCorrected: 3,
      medianReviewMs: 3000,
      totalReviewMs: 6000,
    });
    expect(pilot.markdown.split('\n')).toContain('| Metrics Test | 4 | 50.0% | 0.0% | 50.0% | 0:06 |');
  });

  it('leaves discarded possible duplicates out of every count', async () => {
    const imp = await t.app.inject({
      method: 'POST',
      url: `/api/bookkeeping/companies/mt/imports?bankAccountId=${acc['1000']}&fileName=other-export.csv&wait=true`,
      headers: { ...bearer(org.ownerKey), 'content-type': 'text/csv' },
      payload: 'Date,Description,Amount\n2025-01-07,PAPER STORE,-9.00\n',
    });
    expect(imp.json()).toMatchObject({ possibleDuplicates: 1 });
    const dup = (await call('GET', '/companies/mt/lines?status=review')).json<{ lines: { id: string }[] }>().lines[0]!;
    expect((await call('POST', `/lines/${dup.id}/discard`, {})).statusCode).toBe(200);
    const [m] = (await metrics()).companies;
    expect(m).toMatchObject({ lines: 4, autoApproved: 2, reviewed: 2, inReview: 0, bySource: { rule: 2, none: 2 } });
  });
});
