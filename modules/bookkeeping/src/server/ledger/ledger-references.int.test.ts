import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { rows } from '../db/sql-rows.ts';
import { bookkeepingModule } from '../index.ts';

// The hot tables have no row-level foreign keys (see 0001_init.sql); these prove the
// statement-level triggers that replace them refuse what the foreign keys refused, and more.
let t: TestApp;
let org: TestOrg;
let other: TestOrg;

interface Company {
  id: string;
  acc: Record<string, string>;
}

async function company(o: TestOrg, slug: string): Promise<Company> {
  const id = (
    await t.app.inject({
      method: 'POST',
      url: '/api/bookkeeping/companies',
      headers: bearer(o.ownerKey),
      payload: { slug, name: slug, industry: 'web_agency' },
    })
  ).json<{ id: string }>().id;
  const list = (await t.app.inject({ method: 'GET', url: `/api/bookkeeping/companies/${slug}/accounts`, headers: bearer(o.ownerKey) })).json<
    { id: string; code: string }[]
  >();
  return { id, acc: Object.fromEntries(list.map((a) => [a.code, a.id])) };
}

const failure = async (fn: () => Promise<unknown>) => {
  const err = (await fn().then(
    () => null,
    (e: unknown) => e,
  )) as { message: string; cause?: { message?: string } } | null;
  return err ? `${err.message} ${err.cause?.message ?? ''}` : 'no error';
};

/** Posts one balanced entry (bank against income) in the company, as SQL would. */
async function postEntry(orgId: string, c: Company, date: string, lineAccount = c.acc['4000']!): Promise<string> {
  return t.platform.database.db.transaction(async (tx) => {
    const [e] = await rows<{ id: string }>(
      tx,
      sql`insert into bookkeeping.journal_entries (org_id, company_id, entry_date, memo) values (${orgId}, ${c.id}, ${date}, 'ref test') returning id`,
    );
    await tx.execute(sql`insert into bookkeeping.journal_lines (org_id, company_id, entry_id, account_id, entry_date, amount_cents) values
      (${orgId}, ${c.id}, ${e!.id}, ${c.acc['1000']}, ${date}, 500), (${orgId}, ${c.id}, ${e!.id}, ${lineAccount}, ${date}, -500)`);
    return e!.id;
  });
}

let mine: Company;
let theirs: Company;

beforeAll(async () => {
  t = await createTestApp({ modules: [bookkeepingModule] });
  org = await t.createOrg();
  other = await t.createOrg();
  mine = await company(org, 'mine');
  theirs = await company(other, 'theirs');
});
afterAll(async () => t.close());

describe('the database checks the references of the hot tables per statement', () => {
  it('refuses a journal line on an account of another company', async () => {
    expect(await failure(() => postEntry(org.orgId, mine, '2025-02-01', theirs.acc['4000']))).toMatch(/not an account of its company/);
  });

  it('refuses a journal line whose entry is missing or belongs to another company', async () => {
    const db = t.platform.database.db;
    const missing = await failure(() =>
      db.execute(sql`insert into bookkeeping.journal_lines (org_id, company_id, entry_id, account_id, entry_date, amount_cents)
        values (${org.orgId}, ${mine.id}, gen_random_uuid(), ${mine.acc['1000']}, '2025-02-01', 1)`),
    );
    expect(missing).toMatch(/not an entry of its company/);
    const theirEntry = await postEntry(other.orgId, theirs, '2025-02-01');
    const crossed = await failure(() =>
      db.execute(sql`insert into bookkeeping.journal_lines (org_id, company_id, entry_id, account_id, entry_date, amount_cents)
        values (${org.orgId}, ${mine.id}, ${theirEntry}, ${mine.acc['1000']}, '2025-02-01', 1)`),
    );
    expect(crossed).toMatch(/not an entry of its company/);
  });

  it('refuses an entry of a company outside its organization, and a bank line on a foreign account', async () => {
    expect(await failure(() => postEntry(org.orgId, theirs, '2025-02-02'))).toMatch(/not a company of its organization/);
    const bankLine = await failure(() =>
      t.platform.database.db
        .execute(sql`insert into bookkeeping.bank_lines (org_id, company_id, bank_account_id, import_id, line_no, txn_date, amount_cents, description, dedupe_key, occurrence, status, source)
        values (${org.orgId}, ${mine.id}, ${theirs.acc['1000']}, gen_random_uuid(), 1, '2025-02-02', 100, 'x', 'k', 1, 'review', 'none')`),
    );
    expect(bankLine).toMatch(/not an account of its company/);
  });

  it('refuses in SQL an entry on or before the lock date', async () => {
    await t.platform.database.query(`update bookkeeping.companies set lock_date = '2025-03-31' where id = $1`, [mine.id]);
    expect(await failure(() => postEntry(org.orgId, mine, '2025-03-31'))).toMatch(/period is locked/);
    await t.platform.database.query(`update bookkeeping.companies set lock_date = null where id = $1`, [mine.id]);
    expect(await postEntry(org.orgId, mine, '2025-03-31')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses to delete an account in use, and deleting the company removes its books', async () => {
    const q = t.platform.database.query.bind(t.platform.database);
    await postEntry(org.orgId, mine, '2025-04-01');
    expect(await failure(() => q(`delete from bookkeeping.accounts where id = $1`, [mine.acc['4000']]))).toMatch(/still used/);
    const count = async () =>
      (
        await q<{ n: number }>(
          `select (select count(*) from bookkeeping.journal_lines where company_id = $1) + (select count(*) from bookkeeping.journal_entries where company_id = $1)::int as n`,
          [mine.id],
        )
      )[0]!.n;
    expect(Number(await count())).toBeGreaterThan(0);
    await q(`delete from bookkeeping.companies where id = $1`, [mine.id]);
    expect(Number(await count())).toBe(0);
    // the other organization's books are untouched
    const [left] = await q<{ n: number }>(`select count(*)::int as n from bookkeeping.journal_lines where company_id = $1`, [theirs.id]);
    expect(left!.n).toBeGreaterThan(0);
  });
});
