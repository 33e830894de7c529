import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { bookkeepingModule } from '../index.ts';

let t: TestApp;
let org: TestOrg;
let bank: string;

beforeAll(async () => {
  t = await createTestApp({ modules: [bookkeepingModule] });
  org = await t.createOrg();
  await t.app.inject({
    method: 'POST',
    url: '/api/bookkeeping/companies',
    headers: bearer(org.ownerKey),
    payload: { slug: 'h', name: 'H', industry: 'childcare' },
  });
  bank = (await t.app.inject({ method: 'GET', url: '/api/bookkeeping/companies/h/accounts', headers: bearer(org.ownerKey) }))
    .json<
      {
        id: string;
        code: string;
      }[]
    >()
    .find((a) => a.code === '1000')!.id;
});
afterAll(async () => t.close());

describe('bad input answers 4xx with a code', () => {
  const cases: [string, string, string, unknown?, Record<string, string>?][] = [
    ['impossible date in a report', 'GET', '/api/bookkeeping/companies/h/reports/pnl?from=2025-02-30&to=2025-03-01'],
    ['reversed period', 'GET', '/api/bookkeeping/companies/h/reports/pnl?from=2025-03-01&to=2025-02-01'],
    ['unknown company', 'GET', '/api/bookkeeping/companies/nope/lines'],
    ['bad uuid', 'POST', '/api/bookkeeping/lines/not-a-uuid/approve', {}],
    ['unknown line', 'POST', '/api/bookkeeping/lines/00000000-0000-4000-8000-000000000000/approve', {}],
    ['unknown entry', 'POST', '/api/bookkeeping/entries/00000000-0000-4000-8000-000000000000/reverse', {}],
    ['extra field', 'POST', '/api/bookkeeping/companies', { slug: 'x', name: 'X', industry: 'childcare', evil: 1 }],
    ['bad industry', 'POST', '/api/bookkeeping/companies', { slug: 'x', name: 'X', industry: 'casino' }],
    ['huge threshold', 'PATCH', '/api/bookkeeping/companies/h', { autoThreshold: 7 }],
    [
      'bad reconciliation balance',
      'POST',
      '/api/bookkeeping/companies/h/reconciliations',
      { bankAccountId: '00000000-0000-4000-8000-000000000000', periodStart: '2025-01-01', periodEnd: '2025-01-31', endingBalanceCents: '1.5' },
    ],
    ['empty upload', 'POST', '/api/bookkeeping/companies/h/imports?bankAccountId=BANK&fileName=a.csv&wait=true', '', { 'content-type': 'text/csv' }],
    [
      'bad mapping',
      'POST',
      '/api/bookkeeping/companies/h/imports?bankAccountId=BANK&fileName=a.csv&wait=true&mapping=%7Bnope',
      'Date,Amount\n2025-01-01,1.00\n',
      { 'content-type': 'text/csv' },
    ],
    [
      'missing mapped column',
      'POST',
      '/api/bookkeeping/companies/h/imports?bankAccountId=BANK&fileName=a.csv&wait=true&mapping=%7B%22date%22%3A%22When%22%7D',
      'Date,Amount\n2025-01-01,1.00\n',
      { 'content-type': 'text/csv' },
    ],
    [
      'binary garbage',
      'POST',
      '/api/bookkeeping/companies/h/imports?bankAccountId=BANK&fileName=a.bin&wait=true',
      Buffer.from([0, 159, 146, 150, 255, 1, 2]),
      { 'content-type': 'application/octet-stream' },
    ],
    [
      'bad base64',
      'POST',
      '/api/bookkeeping/companies/h/imports/json',
      { bankAccountId: '00000000-0000-4000-8000-000000000000', fileName: 'x', contentBase64: '***' },
    ],
  ];
  for (const [name, method, url, payload, headers] of cases) {
    it(name, async () => {
      const res = await t.app.inject({
        method: method as 'GET',
        url: url.replace('BANK', bank),
        headers: { ...bearer(org.ownerKey), ...headers },
        ...(payload !== undefined ? { payload: payload as string } : {}),
      });
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
      expect(res.json().error.code).toBeTruthy();
    });
  }
  it('stored nothing from any of it', async () => {
    const lines = await t.app.inject({ method: 'GET', url: '/api/bookkeeping/companies/h/lines', headers: bearer(org.ownerKey) });
    expect(lines.json().total).toBe(0);
  });
});
