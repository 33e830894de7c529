import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { bookkeepingModule } from '../index.ts';

// Rule regexes run on every imported line: the ones that can backtrack catastrophically are refused up front.
let t: TestApp;
let org: TestOrg;
let bank: string;
let software: string;

const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/bookkeeping/companies/rx${url}`, headers: bearer(org.ownerKey), ...(payload ? { payload } : {}) });
const regexRule = (value: string) => ({ name: 'R', conditions: { description: { op: 'regex', value } }, accountId: software });

beforeAll(async () => {
  t = await createTestApp({ modules: [bookkeepingModule] });
  org = await t.createOrg();
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/bookkeeping/companies',
    headers: bearer(org.ownerKey),
    payload: { slug: 'rx', name: 'RX', industry: 'web_agency' },
  });
  expect(created.statusCode, created.body).toBe(201);
  const accounts = (await call('GET', '/accounts')).json<{ id: string; code: string; type: string; kind: string }[]>();
  bank = accounts.find((a) => a.code === '1000')!.id;
  software = accounts.find((a) => a.type === 'expense' && a.kind === 'other')!.id;
  const imported = await t.app.inject({
    method: 'POST',
    url: `/api/bookkeeping/companies/rx/imports?bankAccountId=${bank}&fileName=mar.csv&wait=true`,
    headers: { ...bearer(org.ownerKey), 'content-type': 'text/csv' },
    payload: `Date,Description,Amount\n2025-03-01,GITHUB INC 4412,-21.00\n2025-03-02,${'a'.repeat(40)}!,-1.00\n`,
  });
  expect(imported.statusCode, imported.body).toBe(200);
});

afterAll(async () => {
  await t?.close();
});

describe('rule regex safety', () => {
  it('refuses a nested quantifier on save and in the preview, with the code and hint, and stores nothing', async () => {
    for (const pattern of ['(a+)+$', '(a*)*b', '(a|a)*c', '(\\w+\\s?)*x', '(x)\\1']) {
      const saved = await call('POST', '/rules', regexRule(pattern));
      expect(saved.statusCode, pattern).toBe(400);
      expect(saved.json()).toMatchObject({ error: { code: 'BOOKKEEPING_RULE_PATTERN_UNSAFE', hint: expect.stringContaining('(a+)+') } });
      const preview = await call('POST', '/rules/preview', { conditions: { counterparty: { op: 'regex', value: pattern } }, accountId: software });
      expect(preview.statusCode, pattern).toBe(400);
      expect(preview.json()).toMatchObject({ error: { code: 'BOOKKEEPING_RULE_PATTERN_UNSAFE', details: { field: 'counterparty' } } });
    }
    expect((await call('GET', '/rules')).json()).toEqual([]);
  });

  it('refuses a pattern over 200 characters', async () => {
    const res = await call('POST', '/rules', regexRule(`GITHUB${'x?'.repeat(100)}`));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'BOOKKEEPING_RULE_PATTERN_UNSAFE', message: expect.stringContaining('at most 200') } });
  });

  it('accepts an ordinary pattern, which still matches in the preview', async () => {
    const pattern = '^github\\s+inc\\s+\\d{4}$';
    const preview = await call('POST', '/rules/preview', { conditions: { description: { op: 'regex', value: pattern } }, accountId: software });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ matched: 1, sample: [{ description: 'GITHUB INC 4412' }] });
    const saved = await call('POST', '/rules', regexRule(pattern));
    expect(saved.statusCode, saved.body).toBe(201);
    expect((await call('GET', '/rules')).json()).toMatchObject([{ conditions: { description: { op: 'regex', value: pattern } } }]);
  });
});
