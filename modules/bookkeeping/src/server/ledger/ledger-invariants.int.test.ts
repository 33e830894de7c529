import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { rows } from '../db/sql-rows.ts';
import { bookkeepingModule } from '../index.ts';

let t: TestApp;
let org: TestOrg;
let acc: Record<string, string>;
let companyId: string;

const post = (url: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: bearer(org.ownerKey), ...(payload ? { payload } : {}) });
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: bearer(org.ownerKey) });

beforeAll(async () => {
  t = await createTestApp({ modules: [bookkeepingModule] });
  org = await t.createOrg();
  companyId = (await post('/api/bookkeeping/companies', { slug: 'web', name: 'Web Co', industry: 'web_agency' })).json().id;
  acc = Object.fromEntries((await get('/api/bookkeeping/companies/web/accounts')).json<{ id: string; code: string }[]>().map((a) => [a.code, a.id]));
});
afterAll(async () => t.close());

describe('the database guards the ledger', () => {
  const failure = async (fn: () => Promise<unknown>) => {
    const err = (await fn().then(
      () => null,
      (e: unknown) => e,
    )) as { message: string; cause?: { message?: string } } | null;
    return err ? `${err.message} ${err.cause?.message ?? ''}` : 'no error';
  };

  it('refuses lines that leave a posted entry unbalanced', async () => {
    const db = t.platform.database.db;
    const msg = await failure(() =>
      db.transaction(async (tx) => {
        const [e] = await rows<{ id: string }>(
          tx,
          sql`insert into bookkeeping.journal_entries (org_id, company_id, entry_date, memo) values (${org.orgId}, ${companyId}, '2025-01-05', 'bad') returning id`,
        );
        await tx.execute(sql`insert into bookkeeping.journal_lines (org_id, company_id, entry_id, account_id, entry_date, amount_cents) values
          (${org.orgId}, ${companyId}, ${e!.id}, ${acc['1000']}, '2025-01-05', 1000), (${org.orgId}, ${companyId}, ${e!.id}, ${acc['4000']}, '2025-01-05', -999)`);
      }),
    );
    expect(msg).toMatch(/unbalanced/);
  });

  it('refuses at commit a posted entry whose lines never came (deferred constraint trigger)', async () => {
    const db = t.platform.database.db;
    const msg = await failure(() =>
      db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into bookkeeping.journal_entries (org_id, company_id, entry_date, memo) values (${org.orgId}, ${companyId}, '2025-01-06', 'bad')`,
        );
      }),
    );
    expect(msg).toMatch(/unbalanced \(sum 0 over 0 lines\)/);
    const left = await t.platform.database.query<{ n: number }>(`select count(*)::int as n from bookkeeping.journal_entries where memo = 'bad'`);
    expect(left[0]!.n).toBe(0);
  });

  it('checks bulk-posted entries at the end of their statement and never lets the flag skip a check', async () => {
    const db = t.platform.database.db;
    const noLines = await failure(() =>
      db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into bookkeeping.journal_entries (org_id, company_id, entry_date, memo, checked_in_statement) values (${org.orgId}, ${companyId}, '2025-01-07', 'bad', true)`,
        );
      }),
    );
    expect(noLines).toMatch(/unbalanced/);
    const flagLater = await failure(() =>
      db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into bookkeeping.journal_entries (org_id, company_id, entry_date, memo, status) values (${org.orgId}, ${companyId}, '2025-01-07', 'bad', 'draft')`,
        );
        await tx.execute(sql`update bookkeeping.journal_entries set checked_in_statement = true, status = 'posted' where memo = 'bad'`);
      }),
    );
    expect(flagLater).toMatch(/can only be set/);
  });

  it('refuses to update or delete a posted entry; reversal is the only way back', async () => {
    const csv = 'Date,Description,Amount\n2025-01-10,CLIENT PAYMENT,2500.00\n';
    const imp = await t.app.inject({
      method: 'POST',
      url: `/api/bookkeeping/companies/web/imports?bankAccountId=${acc['1000']}&fileName=jan.csv&wait=true`,
      headers: { ...bearer(org.ownerKey), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(imp.json().inReview).toBe(1);
    const line = (await get('/api/bookkeeping/companies/web/lines?status=review')).json().lines[0];
    const approved = await post(`/api/bookkeeping/lines/${line.id}/correct`, { accountId: acc['4000'], durationMs: 3000 });
    expect(approved.statusCode).toBe(200);
    const entryId = approved.json().entryId as string;
    expect(
      await failure(() => t.platform.database.query(`update bookkeeping.journal_lines set amount_cents = amount_cents * 2 where entry_id = $1`, [entryId])),
    ).toMatch(/cannot be changed/);
    expect(await failure(() => t.platform.database.query(`delete from bookkeeping.journal_entries where id = $1`, [entryId]))).toMatch(/cannot be changed/);
    const rev = await post(`/api/bookkeeping/entries/${entryId}/reverse`, { date: '2025-01-31' });
    expect(rev.statusCode).toBe(200);
    expect((await post(`/api/bookkeeping/entries/${entryId}/reverse`, {})).statusCode).toBe(409);
    const tb = (await get('/api/bookkeeping/companies/web/reports/trial-balance?asOf=2025-12-31')).json();
    expect(tb.totalDebit).toBe(tb.totalCredit);
    expect((tb.rows as { balanceCents: string }[]).every((r) => r.balanceCents === '0')).toBe(true);
  });

  it('enforces lock dates, keeps their history, and only admins set them', async () => {
    const member = await t.createKey(org.orgId, 'member', ['bookkeeping:read', 'bookkeeping:write']);
    const denied = await t.app.inject({
      method: 'PUT',
      url: '/api/bookkeeping/companies/web/lock-date',
      headers: bearer(member),
      payload: { lockDate: '2025-01-31' },
    });
    expect(denied.statusCode).toBe(403);
    const lock = await t.app.inject({
      method: 'PUT',
      url: '/api/bookkeeping/companies/web/lock-date',
      headers: bearer(org.ownerKey),
      payload: { lockDate: '2025-01-31' },
    });
    expect(lock.statusCode).toBe(200);
    expect(lock.json().history[0].lockDate).toBe('2025-01-31');
    await t.app.inject({
      method: 'POST',
      url: `/api/bookkeeping/companies/web/imports?bankAccountId=${acc['1000']}&fileName=late.csv&wait=true`,
      headers: { ...bearer(org.ownerKey), 'content-type': 'text/csv' },
      payload: 'Date,Description,Amount\n2025-01-20,LATE FEE,-5.00\n',
    });
    const late = (await get('/api/bookkeeping/companies/web/lines?status=review&search=LATE')).json().lines[0];
    const res = await post(`/api/bookkeeping/lines/${late.id}/correct`, { accountId: acc['6700'] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('BOOKKEEPING_PERIOD_LOCKED');
    expect((await get(`/api/bookkeeping/companies/web/lines?status=review&search=LATE`)).json().total).toBe(1);
    await t.app.inject({ method: 'PUT', url: '/api/bookkeeping/companies/web/lock-date', headers: bearer(org.ownerKey), payload: { lockDate: null } });
  });

  it('answers 422 for an account of another company and 404 for a foreign line', async () => {
    const other = await t.createOrg();
    await t.app.inject({
      method: 'POST',
      url: '/api/bookkeeping/companies',
      headers: bearer(other.ownerKey),
      payload: { slug: 'web', name: 'Other', industry: 'web_agency' },
    });
    const theirs = (await t.app.inject({ method: 'GET', url: '/api/bookkeeping/companies/web/accounts', headers: bearer(other.ownerKey) }))
      .json<
        {
          id: string;
          code: string;
        }[]
      >()
      .find((a) => a.code === '4000')!.id;
    const late = (await get('/api/bookkeeping/companies/web/lines?status=review')).json().lines[0];
    expect((await post(`/api/bookkeeping/lines/${late.id}/correct`, { accountId: theirs })).statusCode).toBe(422);
    const foreign = await t.app.inject({ method: 'POST', url: `/api/bookkeeping/lines/${late.id}/approve`, headers: bearer(other.ownerKey), payload: {} });
    expect(foreign.statusCode).toBe(404);
  });
});
