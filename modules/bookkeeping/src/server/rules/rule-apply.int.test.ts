import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { bookkeepingModule } from '../index.ts';

interface Line {
  id: string;
  description: string;
  status: string;
  approvedAccountId: string | null;
  ruleId: string | null;
  reviewOutcome: string | null;
}

let t: TestApp;
let org: TestOrg;
let bank: string;
let software: string;
let other: string;
let ruleId: string;

const auth = () => bearer(org.ownerKey);
const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/bookkeeping/companies/ra${url}`, headers: auth(), ...(payload ? { payload } : {}) });

async function lines(): Promise<Map<string, Line>> {
  const res = await call('GET', '/lines?limit=100');
  return new Map(res.json<{ lines: Line[] }>().lines.map((l) => [l.description, l]));
}

async function entryAccounts(lineId: string): Promise<string[][]> {
  const rows = await t.platform.database.query<{ accounts: string[] }>(
    `select array_agg(l.account_id::text order by l.amount_cents) as accounts from bookkeeping.journal_entries e join bookkeeping.journal_lines l on l.entry_id = e.id
      where e.bank_line_id = $1 group by e.id`,
    [lineId],
  );
  return rows.map((r) => r.accounts);
}

async function importCsv(body: string, fileName: string): Promise<void> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/bookkeeping/companies/ra/imports?bankAccountId=${bank}&fileName=${fileName}&wait=true`,
    headers: { ...auth(), 'content-type': 'text/csv' },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp({ modules: [bookkeepingModule] });
  org = await t.createOrg();
  expect(
    (await t.app.inject({ method: 'POST', url: '/api/bookkeeping/companies', headers: auth(), payload: { slug: 'ra', name: 'RA', industry: 'web_agency' } }))
      .statusCode,
  ).toBe(201);
  const accounts = (await call('GET', '/accounts')).json<{ id: string; code: string; type: string; kind: string }[]>();
  bank = accounts.find((a) => a.code === '1000')!.id;
  const expenses = accounts.filter((a) => a.type === 'expense' && a.kind === 'other');
  software = expenses[0]!.id;
  other = expenses[1]!.id;
  // no history and no rules yet: every line waits in review
  await importCsv(
    'Date,Description,Amount\n2025-02-01,ADOBE CREATIVE CLOUD,-54.99\n2025-02-02,ADOBE STOCK,-10.00\n2025-02-03,ADOBE FONTS,-5.00\n2025-02-04,LUNCH PLACE,-12.00\n2025-02-05,ADOBE SIGN,-20.00\n',
    'feb.csv',
  );
  const l = await lines();
  // one Adobe line was approved by hand to another account before the rule existed
  expect(
    (await t.app.inject({ method: 'POST', url: `/api/bookkeeping/lines/${l.get('ADOBE FONTS')!.id}/approve`, headers: auth(), payload: { accountId: other } }))
      .statusCode,
  ).toBe(200);
  const rule = await call('POST', '/rules', { name: 'Adobe', conditions: { description: { op: 'contains', value: 'adobe' } }, accountId: software });
  expect(rule.statusCode).toBe(201);
  ruleId = rule.json<{ id: string }>().id;
});
afterAll(async () => t.close());

describe('a rule applies to the existing lines its preview lists', () => {
  it('previews four matches of which three are still in review', async () => {
    const res = await call('POST', '/rules/preview', { conditions: { description: { op: 'contains', value: 'adobe' } }, accountId: software });
    expect(res.json()).toMatchObject({ matched: 4, wouldChange: 4, applicable: 3 });
  });

  it('refuses a line the rule does not match, and an unknown line, changing nothing', async () => {
    const l = await lines();
    const wrong = await call('POST', `/rules/${ruleId}/apply`, { lineIds: [l.get('ADOBE STOCK')!.id, l.get('LUNCH PLACE')!.id] });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error).toMatchObject({ code: 'BOOKKEEPING_RULE_DOES_NOT_MATCH', details: { lineIds: [l.get('LUNCH PLACE')!.id] } });
    const unknown = await call('POST', `/rules/${ruleId}/apply`, { lineIds: [l.get('ADOBE STOCK')!.id, '00000000-0000-4000-8000-000000000000'] });
    expect(unknown.statusCode).toBe(404);
    expect((await lines()).get('ADOBE STOCK')!.status).toBe('review');
    expect(await entryAccounts(l.get('ADOBE STOCK')!.id)).toEqual([]);
  });

  it('posts the chosen lines in review to the rule account and leaves the approved one alone', async () => {
    const l = await lines();
    const ids = ['ADOBE CREATIVE CLOUD', 'ADOBE STOCK', 'ADOBE FONTS'].map((d) => l.get(d)!.id);
    const res = await call('POST', `/rules/${ruleId}/apply`, { lineIds: ids });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ applied: { lineId: string }[]; skipped: { lineId: string; reason: string }[] }>();
    expect(body.applied.map((a) => a.lineId).sort()).toEqual(ids.slice(0, 2).sort());
    expect(body.skipped).toEqual([{ lineId: ids[2], reason: 'approved' }]);
    const after = await lines();
    expect(after.get('ADOBE STOCK')).toMatchObject({ status: 'approved', approvedAccountId: software, ruleId, reviewOutcome: 'corrected' });
    // bank credited, expense debited: one balanced entry per line
    expect(await entryAccounts(ids[0]!)).toEqual([[bank, software]]);
    // posted entries are never edited: the hand-approved line keeps its single entry to the other account
    expect(await entryAccounts(ids[2]!)).toEqual([[bank, other]]);
    expect(after.get('ADOBE FONTS')!.approvedAccountId).toBe(other);
    expect(after.get('ADOBE SIGN')!.status).toBe('review');
    const [audit] = await t.platform.database.query<{ data: { applied: string[] } }>(
      `select data from core.audit_log where action = 'bookkeeping.rule.apply' and target_id = $1`,
      [ruleId],
    );
    expect(audit?.data.applied.sort()).toEqual(ids.slice(0, 2).sort());
  });

  it('without ids applies to every matching line still in review, and skips locked dates', async () => {
    // a line in a locked period is not auto-approved by the rule at import either
    expect((await call('PUT', '/lock-date', { lockDate: '2025-01-31' })).statusCode).toBe(200);
    await importCsv('Date,Description,Amount\n2025-01-10,ADOBE OLD INVOICE,-7.00\n', 'jan.csv');
    const res = await call('POST', `/rules/${ruleId}/apply`, {});
    expect(res.statusCode, res.body).toBe(200);
    const l = await lines();
    expect(res.json()).toMatchObject({
      applied: [{ lineId: l.get('ADOBE SIGN')!.id }],
      skipped: [{ lineId: l.get('ADOBE OLD INVOICE')!.id, reason: 'locked' }],
      remaining: 0,
    });
    expect(l.get('ADOBE OLD INVOICE')!.status).toBe('review');
    expect(l.get('LUNCH PLACE')!.status).toBe('review');
  });

  it('posts every applied line in one statement: bulk-flagged, balanced entries on the lines dates', async () => {
    const rows = await t.platform.database.query<{ n: number; bulk: number; balanced: number; dated: number }>(
      `select count(*)::int as n, (count(*) filter (where e.checked_in_statement))::int as bulk,
          (count(*) filter (where (select sum(l.amount_cents) from bookkeeping.journal_lines l where l.entry_id = e.id) = 0
            and (select count(*) from bookkeeping.journal_lines l where l.entry_id = e.id) = 2))::int as balanced,
          (count(*) filter (where e.entry_date = b.txn_date))::int as dated
        from bookkeeping.journal_entries e join bookkeeping.bank_lines b on b.id = e.bank_line_id where b.rule_id = $1`,
      [ruleId],
    );
    // ADOBE CREATIVE CLOUD, ADOBE STOCK and ADOBE SIGN were applied by the rule
    expect(rows[0]).toEqual({ n: 3, bulk: 3, balanced: 3, dated: 3 });
    const decisions = await t.platform.database.query<{ n: number }>(
      `select count(*)::int as n from bookkeeping.review_decisions d join bookkeeping.bank_lines b on b.id = d.bank_line_id where b.rule_id = $1`,
      [ruleId],
    );
    expect(decisions[0]!.n).toBe(3);
  });
});

describe('applying a rule is all-or-nothing', () => {
  it('refuses the whole call when one matching line sits on the rule account itself, posting none of the others', async () => {
    const accounts = (await call('GET', '/accounts')).json<{ id: string; code: string }[]>();
    const savings = accounts.find((a) => a.code === '1010')!.id;
    await importCsv('Date,Description,Amount\n2025-03-01,TRANSFER TO SAVINGS,-100.00\n2025-03-02,TRANSFER TO SAVINGS,-150.00\n', 'mar.csv');
    const onSavings = await t.app.inject({
      method: 'POST',
      url: `/api/bookkeeping/companies/ra/imports?bankAccountId=${savings}&fileName=savings.csv&wait=true`,
      headers: { ...auth(), 'content-type': 'text/csv' },
      payload: 'Date,Description,Amount\n2025-03-01,TRANSFER FROM CHECKING,100.00\n',
    });
    expect(onSavings.statusCode, onSavings.body).toBe(200);
    const rule = await call('POST', '/rules', { name: 'Savings', conditions: { description: { op: 'contains', value: 'transfer' } }, accountId: savings });
    const id = rule.json<{ id: string }>().id;
    const before = await t.platform.database.query<{ n: number }>(`select count(*)::int as n from bookkeeping.journal_entries where org_id = $1`, [org.orgId]);
    const res = await call('POST', `/rules/${id}/apply`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('BOOKKEEPING_ACCOUNT_UNKNOWN');
    const after = await t.platform.database.query<{ n: number }>(`select count(*)::int as n from bookkeeping.journal_entries where org_id = $1`, [org.orgId]);
    expect(after[0]!.n).toBe(before[0]!.n);
    const l = await lines();
    expect(l.get('TRANSFER TO SAVINGS')!.status).toBe('review');
    const audits = await t.platform.database.query<{ n: number }>(
      `select count(*)::int as n from core.audit_log where action = 'bookkeeping.rule.apply' and target_id = $1`,
      [id],
    );
    expect(audits[0]!.n).toBe(0);
  });
});
