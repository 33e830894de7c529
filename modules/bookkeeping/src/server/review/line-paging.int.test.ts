import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { bookkeepingModule } from '../index.ts';

let t: TestApp;
let org: TestOrg;
const page = async (limit: number, offset: number, extra = '') => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/bookkeeping/companies/pg/lines?limit=${limit}&offset=${offset}${extra}`,
    headers: bearer(org.ownerKey),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ total: number; lines: { id: string }[] }>();
};

beforeAll(async () => {
  t = await createTestApp({ modules: [bookkeepingModule] });
  org = await t.createOrg();
  await t.app.inject({
    method: 'POST',
    url: '/api/bookkeeping/companies',
    headers: bearer(org.ownerKey),
    payload: { slug: 'pg', name: 'Paging', industry: 'web_agency' },
  });
  // 301 lines, about seven a day, so the order within a day (by id) matters
  await t.platform.database.query(
    `insert into bookkeeping.bank_lines (org_id, company_id, bank_account_id, import_id, line_no, txn_date, amount_cents, description, dedupe_key, occurrence, status, source)
     select c.org_id, c.id, a.id, gen_random_uuid(), g, date '2025-01-01' + (g * 7919 % 43), -100 - g, 'PAGED ' || g, 'p|' || g, 1, 'approved', 'none'
     from bookkeeping.companies c join bookkeeping.accounts a on a.company_id = c.id and a.code = '1000', generate_series(0, 300) g
     where c.slug = 'pg' and c.org_id = $1`,
    [org.orgId],
  );
});
afterAll(async () => t.close());

describe('paging through the transactions', () => {
  it('gives the same lines in the same order whether a page is read from the front or, in the older half, from the back', async () => {
    const all = await page(1000, 0);
    expect(all.total).toBe(301);
    const pieces: string[] = [];
    for (let offset = 0; offset < 301; offset += 40) pieces.push(...(await page(40, offset)).lines.map((l) => l.id));
    expect(pieces).toEqual(all.lines.map((l) => l.id));
    expect((await page(50, 290)).lines.map((l) => l.id)).toEqual(all.lines.slice(290).map((l) => l.id));
    expect((await page(50, 301)).lines).toEqual([]);
    // filtered views page the same way
    const filtered = await page(1000, 0, '&search=PAGED%201');
    const back = await page(5, filtered.total - 5, '&search=PAGED%201');
    expect(back.lines.map((l) => l.id)).toEqual(filtered.lines.slice(-5).map((l) => l.id));
  });
});
