import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@tessera/core';
import { bearer, createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { bookkeepingModule } from '../index.ts';

let t: TestApp;
let org: TestOrg;
const keys: Record<'viewer' | 'bookkeeper' | 'admin' | 'unlinked' | 'orgViewerAdmin', string> = {
  viewer: '',
  bookkeeper: '',
  admin: '',
  unlinked: '',
  orgViewerAdmin: '',
};
const users: Record<string, string> = {};
let serviceKey: string;
let alphaBank: string;
let alphaExpense: string;
let alphaLine: string;

const as = (key: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object | string, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: `/api/bookkeeping${url}`, headers: { ...bearer(key), ...headers }, ...(payload !== undefined ? { payload } : {}) });

const csv = (key: string, company: string, bank: string, body: string, name: string) =>
  as(key, 'POST', `/companies/${company}/imports?bankAccountId=${bank}&fileName=${name}&wait=true`, body, { 'content-type': 'text/csv' });

async function userKey(name: string, orgRole: 'member' | 'viewer'): Promise<string> {
  const u = await t.createUser([{ orgId: org.orgId, role: orgRole }]);
  users[name] = u.userId;
  const { key } = await createApiKey(
    t.platform.database.db,
    { orgId: org.orgId, name, role: orgRole, scopes: ['*'], expiresAt: null, ownerUserId: u.userId, createdBy: null },
    { type: 'system', id: 'test' },
  );
  return key;
}

beforeAll(async () => {
  t = await createTestApp({ modules: [bookkeepingModule] });
  org = await t.createOrg();
  for (const slug of ['alpha', 'beta'])
    expect((await as(org.ownerKey, 'POST', '/companies', { slug, name: slug, industry: 'web_agency' })).statusCode).toBe(201);
  const accounts = (await as(org.ownerKey, 'GET', '/companies/alpha/accounts')).json<{ id: string; code: string; type: string; kind: string }[]>();
  alphaBank = accounts.find((a) => a.code === '1000')!.id;
  alphaExpense = accounts.find((a) => a.type === 'expense' && a.kind === 'other')!.id;
  expect((await csv(org.ownerKey, 'alpha', alphaBank, 'Date,Description,Amount\n2025-03-01,PAPER,-5.00\n2025-03-02,INK,-9.00\n', 'a.csv')).statusCode).toBe(
    200,
  );
  const lines = (await as(org.ownerKey, 'GET', '/companies/alpha/lines')).json<{ lines: { id: string; description: string }[] }>().lines;
  alphaLine = lines.find((l) => l.description === 'PAPER')!.id;
  for (const role of ['viewer', 'bookkeeper', 'admin', 'unlinked'] as const) keys[role] = await userKey(role, 'member');
  keys.orgViewerAdmin = await userKey('orgViewerAdmin', 'viewer');
  for (const [name, role] of [
    ['viewer', 'viewer'],
    ['bookkeeper', 'bookkeeper'],
    ['admin', 'admin'],
    ['orgViewerAdmin', 'admin'],
  ] as const)
    expect((await as(org.ownerKey, 'PUT', `/companies/alpha/users/${users[name]}`, { role })).statusCode).toBe(200);
  serviceKey = await t.createKey(org.orgId, 'member');
});
afterAll(async () => t.close());

const code = (res: { json: () => { error?: { code?: string } } }) => res.json().error?.code;

describe('company roles decide what a linked user may do', () => {
  it('a user without a link does not see the company: 404 and an empty listing', async () => {
    expect((await as(keys.unlinked, 'GET', '/companies')).json()).toEqual([]);
    const one = await as(keys.unlinked, 'GET', '/companies/alpha/lines');
    expect(one.statusCode).toBe(404);
    expect(code(one)).toBe('BOOKKEEPING_COMPANY_NOT_FOUND');
    expect((await as(keys.unlinked, 'POST', `/lines/${alphaLine}/approve`, { accountId: alphaExpense })).statusCode).toBe(404);
    expect((await as(keys.unlinked, 'GET', '/metrics')).json().companies).toEqual([]);
  });

  it('a viewer reads but cannot import or review', async () => {
    expect((await as(keys.viewer, 'GET', '/companies')).json<{ slug: string }[]>().map((c) => c.slug)).toEqual(['alpha']);
    expect((await as(keys.viewer, 'GET', '/companies/alpha/lines')).statusCode).toBe(200);
    expect((await as(keys.viewer, 'GET', '/companies/alpha/reports/pnl?from=2025-01-01&to=2025-12-31')).statusCode).toBe(200);
    const imp = await csv(keys.viewer, 'alpha', alphaBank, 'Date,Description,Amount\n2025-03-05,X,-1.00\n', 'v.csv');
    expect(imp.statusCode).toBe(403);
    expect(code(imp)).toBe('BOOKKEEPING_COMPANY_ROLE_REQUIRED');
    const approve = await as(keys.viewer, 'POST', `/lines/${alphaLine}/approve`, { accountId: alphaExpense });
    expect([approve.statusCode, code(approve)]).toEqual([403, 'BOOKKEEPING_COMPANY_ROLE_REQUIRED']);
    expect((await as(keys.viewer, 'GET', '/companies/beta/lines')).statusCode).toBe(404);
  });

  it('a bookkeeper imports, reviews and reconciles but does not manage rules, lock dates or links', async () => {
    expect((await csv(keys.bookkeeper, 'alpha', alphaBank, 'Date,Description,Amount\n2025-03-06,TONER,-30.00\n', 'b.csv')).statusCode).toBe(200);
    expect((await as(keys.bookkeeper, 'POST', `/lines/${alphaLine}/approve`, { accountId: alphaExpense })).statusCode).toBe(200);
    const rec = await as(keys.bookkeeper, 'POST', '/companies/alpha/reconciliations', {
      bankAccountId: alphaBank,
      periodStart: '2025-03-01',
      periodEnd: '2025-03-31',
      endingBalanceCents: '-500',
    });
    expect(rec.statusCode, rec.body).toBe(201);
    const rule = await as(keys.bookkeeper, 'POST', '/companies/alpha/rules', {
      name: 'x',
      conditions: { description: { op: 'contains', value: 'ink' } },
      accountId: alphaExpense,
    });
    expect([rule.statusCode, code(rule)]).toEqual([403, 'BOOKKEEPING_COMPANY_ROLE_REQUIRED']);
    expect((await as(keys.bookkeeper, 'PUT', '/companies/alpha/lock-date', { lockDate: '2025-01-31' })).statusCode).toBe(403);
    expect((await as(keys.bookkeeper, 'PUT', `/companies/alpha/users/${users.unlinked}`, { role: 'viewer' })).statusCode).toBe(403);
  });

  it('a company admin manages rules, lock dates and links, but only of that company', async () => {
    const rule = await as(keys.admin, 'POST', '/companies/alpha/rules', {
      name: 'ink',
      conditions: { description: { op: 'contains', value: 'ink' } },
      accountId: alphaExpense,
    });
    expect(rule.statusCode, rule.body).toBe(201);
    expect((await as(keys.admin, 'PUT', '/companies/alpha/lock-date', { lockDate: '2025-01-31' })).statusCode).toBe(200);
    expect((await as(keys.admin, 'PUT', `/companies/alpha/users/${users.unlinked}`, { role: 'viewer' })).statusCode).toBe(200);
    expect((await as(keys.unlinked, 'GET', '/companies/alpha/lines')).statusCode).toBe(200);
    expect((await as(keys.admin, 'DELETE', `/companies/alpha/users/${users.unlinked}`)).json()).toEqual({ userId: users.unlinked, removed: 'viewer' });
    expect((await as(keys.unlinked, 'GET', '/companies/alpha/lines')).statusCode).toBe(404);
    expect((await as(keys.admin, 'GET', '/companies/alpha/users')).json<{ userId: string; role: string }[]>()).toHaveLength(4);
    expect((await as(keys.admin, 'PUT', '/companies/beta/lock-date', { lockDate: '2025-01-31' })).statusCode).toBe(404);
    // creating companies stays with the organization's admins
    expect((await as(keys.admin, 'POST', '/companies', { slug: 'gamma', name: 'g', industry: 'web_agency' })).statusCode).toBe(403);
  });

  it('lists every member of the organization with their company role, for company admins only', async () => {
    const res = await as(keys.admin, 'GET', '/companies/alpha/members');
    expect(res.statusCode, res.body).toBe(200);
    const byUser = new Map(res.json<{ userId: string; orgRole: string; companyRole: string | null }[]>().map((m) => [m.userId, m]));
    expect(byUser.get(users.bookkeeper!)).toMatchObject({ orgRole: 'member', companyRole: 'bookkeeper' });
    expect(byUser.get(users.unlinked!)).toMatchObject({ orgRole: 'member', companyRole: null });
    expect(byUser.get(users.orgViewerAdmin!)).toMatchObject({ orgRole: 'viewer', companyRole: 'admin' });
    // the five users made here (the owner key belongs to no user)
    expect(byUser.size).toBe(5);
    expect([(await as(keys.bookkeeper, 'GET', '/companies/alpha/members')).statusCode, code(await as(keys.viewer, 'GET', '/companies/alpha/members'))]).toEqual(
      [403, 'BOOKKEEPING_COMPANY_ROLE_REQUIRED'],
    );
    expect((await as(keys.unlinked, 'GET', '/companies/alpha/members')).statusCode).toBe(404);
  });

  it('links only members of the organization', async () => {
    const stranger = await t.createUser([]);
    const res = await as(org.ownerKey, 'PUT', `/companies/alpha/users/${stranger.userId}`, { role: 'viewer' });
    expect([res.statusCode, code(res)]).toEqual([422, 'BOOKKEEPING_USER_NOT_MEMBER']);
  });

  it('a company link never lifts an organization viewer to writing', async () => {
    expect((await as(keys.orgViewerAdmin, 'GET', '/companies/alpha/rules')).statusCode).toBe(200);
    const res = await as(keys.orgViewerAdmin, 'PUT', '/companies/alpha/lock-date', { lockDate: null });
    expect(res.statusCode).toBe(403);
  });

  it('a service key of no user acts with its organization role in every company', async () => {
    expect((await as(serviceKey, 'GET', '/companies')).json()).toHaveLength(2);
    const accounts = (await as(serviceKey, 'GET', '/companies/beta/accounts')).json<{ id: string; code: string }[]>();
    const betaBank = accounts.find((a) => a.code === '1000')!.id;
    expect((await csv(serviceKey, 'beta', betaBank, 'Date,Description,Amount\n2025-03-01,X,-1.00\n', 's.csv')).statusCode).toBe(200);
    expect((await as(serviceKey, 'PUT', '/companies/beta/lock-date', { lockDate: '2025-01-31' })).statusCode).toBe(403);
  });
});
