import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { bookkeepingModule } from '../index.ts';

let t: TestApp;
let org: TestOrg;
const acc: Record<string, string> = {};
const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/bookkeeping${url}`, headers: bearer(org.ownerKey), ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await createTestApp({ modules: [bookkeepingModule] });
  org = await t.createOrg();
  expect((await call('POST', '/companies', { slug: 'z', name: 'Zero', industry: 'web_agency' })).statusCode).toBe(201);
  for (const a of (await call('GET', '/companies/z/accounts')).json<{ id: string; code: string }[]>()) acc[a.code] = a.id;
});
afterAll(async () => t.close());

describe('a zero-amount bank line', () => {
  it('is approved with a balanced entry of two zero lines and reconciles', async () => {
    const imp = await t.app.inject({
      method: 'POST',
      url: `/api/bookkeeping/companies/z/imports?bankAccountId=${acc['1000']}&fileName=z.csv&wait=true`,
      headers: { ...bearer(org.ownerKey), 'content-type': 'text/csv' },
      payload: 'Date,Description,Amount\n2025-01-31,INTEREST PAID,0.00\n',
    });
    expect(imp.statusCode, imp.body).toBe(200);
    const [line] = (await call('GET', '/companies/z/lines')).json<{ lines: { id: string }[] }>().lines;
    const res = await call('POST', `/lines/${line!.id}/correct`, { accountId: acc['4900'] });
    expect(res.statusCode, res.body).toBe(200);
    const lines = await t.platform.database.query<{ amount: string }>(
      `select l.amount_cents::text as amount from bookkeeping.journal_lines l join bookkeeping.journal_entries e on e.id = l.entry_id where e.bank_line_id = $1`,
      [line!.id],
    );
    expect(lines.map((l) => l.amount)).toEqual(['0', '0']);
    // and it reconciles: a statement of the month with that one line is fully matched
    const rec = await call('POST', '/companies/z/reconciliations', {
      bankAccountId: acc['1000'],
      periodStart: '2025-01-01',
      periodEnd: '2025-01-31',
      endingBalanceCents: '0',
    });
    expect(rec.json()).toMatchObject({ matchedLines: 1, totalLines: 1, rate: 1, differenceCents: '0' });
  });
});
