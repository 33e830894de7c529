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
  expect((await call('POST', '/companies', { slug: 's', name: 'Suggest', industry: 'web_agency' })).statusCode).toBe(201);
  for (const a of (await call('GET', '/companies/s/accounts')).json<{ id: string; code: string }[]>()) acc[a.code] = a.id;
  const imp = await t.app.inject({
    method: 'POST',
    url: `/api/bookkeeping/companies/s/imports?bankAccountId=${acc['1000']}&fileName=s.csv&wait=true`,
    headers: { ...bearer(org.ownerKey), 'content-type': 'text/csv' },
    payload:
      'Date,Description,Name,Amount\n2025-02-01,INV 1001,ACME SUPPLY,-10.00\n2025-02-08,INV 1002,ACME SUPPLY,-11.00\n2025-02-15,INV 1003,ACME SUPPLY,-12.00\n',
  });
  expect(imp.statusCode, imp.body).toBe(200);
});
afterAll(async () => t.close());

describe('consistent corrections suggest a rule', () => {
  it('the third correction of one counterparty to the same account answers a rule suggestion', async () => {
    const lines = (await call('GET', '/companies/s/lines?status=review')).json<{ lines: { id: string; description: string }[] }>().lines;
    const byText = new Map(lines.map((l) => [l.description, l.id]));
    const suggestions = [];
    for (const d of ['INV 1001', 'INV 1002', 'INV 1003']) {
      const res = await call('POST', `/lines/${byText.get(d)}/correct`, { accountId: acc['6800'] });
      expect(res.statusCode, res.body).toBe(200);
      suggestions.push(res.json<{ suggestedRule: unknown }>().suggestedRule);
    }
    expect(suggestions.slice(0, 2)).toEqual([null, null]);
    expect(suggestions[2]).toEqual({ counterparty: 'ACME SUPPLY', accountId: acc['6800'], corrections: 3 });
  });
});
