import { createTestApp, type TestApp } from '@tessera/testkit';
import { buildWebShell, launchChromium, signInThroughForm } from '@tessera/testkit/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, CompanyUser, Line } from '../contracts/index.ts';
import { bookkeepingModule } from '../server/index.ts';

let t: TestApp;
let browser: Browser;
let baseUrl: string;
let orgId: string;
let user: { email: string; password: string };
let colleague: { userId: string; email: string };
let session: Record<string, string>;
const acc: Record<string, string> = {};

const api = async <T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object): Promise<T> => {
  const res = await t.app.inject({ method, url: `/api/bookkeeping${url}`, headers: session, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json<T>();
};

async function importCsv(fileName: string, body: string): Promise<void> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/bookkeeping/companies/bt/imports?bankAccountId=${acc['1000']}&fileName=${fileName}&wait=true`,
    headers: { ...session, 'content-type': 'text/csv' },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** Lines of the company by description (the server's view, not the page's). */
async function lines(): Promise<Map<string, Line>> {
  const page = await api<{ lines: Line[] }>('GET', '/companies/bt/lines?limit=100');
  return new Map(page.lines.map((l) => [`${l.date} ${l.description}`, l]));
}

async function entriesOf(lineId: string): Promise<{ accounts: string[]; bulk: boolean }[]> {
  return t.platform.database.query<{ accounts: string[]; bulk: boolean }>(
    `select array_agg(l.account_id::text order by l.amount_cents) as accounts, bool_and(e.checked_in_statement) as bulk
      from bookkeeping.journal_entries e join bookkeeping.journal_lines l on l.entry_id = e.id where e.bank_line_id = $1 group by e.id`,
    [lineId],
  );
}

beforeAll(async () => {
  const webDist = buildWebShell('bookkeeping');
  t = await createTestApp({ modules: [bookkeepingModule], config: { webDistDir: webDist } });
  const org = await t.createOrg('bk-browser');
  orgId = org.orgId;
  user = await t.createUser([{ orgId, role: 'owner' }]);
  const c = await t.createUser([{ orgId, role: 'member' }]);
  colleague = { userId: c.userId, email: c.email };
  const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: user.email, password: user.password } });
  session = {
    cookie: String(signIn.headers['set-cookie']).split(';')[0]!,
    'x-csrf-token': signIn.json<{ csrfToken: string }>().csrfToken,
    'x-tessera-org': org.slug,
  };
  await api('POST', '/companies', { slug: 'bt', name: 'Browser Test Co', industry: 'web_agency' });
  for (const a of await api<Account[]>('GET', '/companies/bt/accounts')) acc[a.code] = a.id;
  // every line waits for review, even ones the model has seen once
  await api('PATCH', '/companies/bt', { autoThreshold: 0.99 });
  await importCsv(
    'bank-export.csv',
    'Date,Description,Amount\n2025-01-02,LUNCH SUPPLIES,-30.00\n2025-01-03,LUNCH PLACE,-12.00\n2025-01-05,STARBUCKS STORE 123,-4.50\n2025-01-06,OFFICE DEPOT,-25.00\n',
  );
  // the firm taught the model two lunches to two accounts, so a third one is a suggestion, not a certainty
  const first = await lines();
  await api('POST', `/lines/${first.get('2025-01-02 LUNCH SUPPLIES')!.id}/correct`, { accountId: acc['6800'] });
  await api('POST', `/lines/${first.get('2025-01-03 LUNCH PLACE')!.id}/correct`, { accountId: acc['6950'] });
  // a second export of the same account, overlapping the first with other descriptions
  await importCsv(
    'card-portal.csv',
    [
      'Date,Description,Amount',
      '2025-01-06,STARBUCKS COFFEE,-4.50',
      '2025-01-07,OFFICE DEPOT #55,-25.00',
      '2025-01-20,ADOBE CREATIVE CLOUD,-54.99',
      '2025-01-21,ADOBE STOCK,-10.00',
      '2025-01-22,LUNCH PLACE,-12.00',
      '',
    ].join('\n'),
  );
  baseUrl = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signedIn = (): Promise<Page> => signInThroughForm(browser, baseUrl, user, { viewport: { width: 1500, height: 1000 }, timezoneId: 'UTC' });

describe('AI Bookkeeper in a browser', () => {
  it('review queue: discards one possible duplicate, keeps another, approves with a and corrects with c from the keyboard', async () => {
    const before = await lines();
    const starbucks = before.get('2025-01-06 STARBUCKS COFFEE')!;
    const depot = before.get('2025-01-07 OFFICE DEPOT #55')!;
    const lunch = before.get('2025-01-22 LUNCH PLACE')!;
    expect(starbucks.duplicateOf).toBe(before.get('2025-01-05 STARBUCKS STORE 123')!.id);
    expect(depot.duplicateOf).toBe(before.get('2025-01-06 OFFICE DEPOT')!.id);
    expect(lunch).toMatchObject({ status: 'review', predictedAccountId: acc['6950'], duplicateOf: null });

    const page = await signedIn();
    await page.goto('/bookkeeping/bt/review');
    await page.getByText('7 lines to review').waitFor();

    await page.getByRole('row', { name: /STARBUCKS COFFEE · possible duplicate/ }).click();
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.getByText('Discarded as a duplicate: nothing was posted.').waitFor();
    await page.getByText('6 lines to review').waitFor();
    expect((await lines()).get('2025-01-06 STARBUCKS COFFEE')!.status).toBe('discarded');
    expect(await entriesOf(starbucks.id)).toEqual([]);

    await page.getByRole('row', { name: /OFFICE DEPOT #55 · possible duplicate/ }).click();
    await page.getByRole('button', { name: 'Keep' }).click();
    await page.getByText('Kept: review it like any other line.').waitFor();
    await page
      .getByRole('row', { name: /OFFICE DEPOT #55/ })
      .getByText('possible duplicate')
      .waitFor({ state: 'detached' });
    expect((await lines()).get('2025-01-07 OFFICE DEPOT #55')).toMatchObject({ status: 'review', duplicateOf: null });

    // a: approve the suggestion of the selected line
    await page.getByRole('row', { name: /2025-01-22 LUNCH PLACE/ }).click();
    await page.keyboard.press('a');
    await page.getByText('5 lines to review').waitFor();
    expect((await lines()).get('2025-01-22 LUNCH PLACE')).toMatchObject({ status: 'approved', approvedAccountId: acc['6950'], reviewOutcome: 'approved' });
    // money out: the bank account is credited (negative), meals debited
    expect(await entriesOf(lunch.id)).toEqual([{ accounts: [acc['1000'], acc['6950']], bulk: false }]);

    // c: correct the kept line to another account, chosen in the picker with the keyboard
    await page.getByRole('row', { name: /OFFICE DEPOT #55/ }).click();
    await page.keyboard.press('c');
    const picker = page.getByLabel('Correct account');
    await expect(picker.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await picker.selectOption(acc['6800']!);
    await page.keyboard.press('Enter');
    await page.getByText('4 lines to review').waitFor();
    expect((await lines()).get('2025-01-07 OFFICE DEPOT #55')).toMatchObject({
      status: 'approved',
      approvedAccountId: acc['6800'],
      reviewOutcome: 'corrected',
    });
    expect(await entriesOf(depot.id)).toHaveLength(1);
  });

  it('rules: previews a rule, saves it and applies it to the lines in review, posting them in one batch', async () => {
    const page = await signedIn();
    await page.goto('/bookkeeping/bt/rules');
    await page.getByPlaceholder('Rule name').fill('Adobe');
    await page.getByPlaceholder('GITHUB').fill('ADOBE');
    await page
      .locator('select')
      .filter({ has: page.locator('option', { hasText: 'account…' }) })
      .selectOption(acc['6300']!);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText(/Matches 2 lines; would change 2; 2 in review would be posted/).waitFor();
    await page.getByRole('button', { name: 'Save rule' }).click();
    const row = page.getByRole('row', { name: /Adobe/ });
    await row.waitFor();
    await row.getByRole('button', { name: 'Apply to lines in review' }).click();
    await page.getByText(/Applied: 2 lines posted, 0 skipped/).waitFor();

    const after = await lines();
    const [rule] = await api<{ id: string }[]>('GET', '/companies/bt/rules');
    for (const d of ['2025-01-20 ADOBE CREATIVE CLOUD', '2025-01-21 ADOBE STOCK']) {
      expect(after.get(d)).toMatchObject({ status: 'approved', approvedAccountId: acc['6300'], ruleId: rule!.id });
      const entries = await entriesOf(after.get(d)!.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]!.bulk).toBe(true);
    }
    const audit = await t.platform.database.query<{ n: number }>(
      `select count(*)::int as n from core.audit_log where org_id = $1 and action = 'bookkeeping.rule.apply' and target_id = $2`,
      [orgId, rule!.id],
    );
    expect(audit[0]!.n).toBe(1);
  });

  it('members: links a colleague as bookkeeper, lowers the role to viewer and removes access', async () => {
    const page = await signedIn();
    await page.goto('/bookkeeping/bt/members');
    const role = page.getByLabel(`Role of ${colleague.email}`);
    await expect(role.inputValue()).resolves.toBe('');
    const linked = async () => (await api<CompanyUser[]>('GET', '/companies/bt/users')).find((u) => u.userId === colleague.userId)?.role ?? null;

    await role.selectOption('bookkeeper');
    await page.getByText(`${colleague.email} is now bookkeeper of this company.`).waitFor();
    expect(await linked()).toBe('bookkeeper');
    await role.selectOption('viewer');
    await page.getByText(`${colleague.email} is now viewer of this company.`).waitFor();
    expect(await linked()).toBe('viewer');
    await role.selectOption('');
    await page.getByText(`${colleague.email} no longer sees this company.`).waitFor();
    expect(await linked()).toBeNull();
    // the owner's own row cannot be lowered here: organization owners are admins of every company
    await page.getByTestId(`member-${user.email}`).getByText('admin (organization owner)').waitFor();
    const audit = await t.platform.database.query<{ action: string }>(
      `select action from core.audit_log where org_id = $1 and action like 'bookkeeping.company.user.%' order by seq`,
      [orgId],
    );
    expect(audit.map((a) => a.action)).toEqual(['bookkeeping.company.user.link', 'bookkeeping.company.user.link', 'bookkeeping.company.user.unlink']);
  });

  it('import: uploads a file through the page, shows the job finish with its line count, and names file and line of a bad file', async () => {
    const page = await signedIn();
    await page.goto('/bookkeeping/bt/import');
    const rows = ['Date,Description,Amount'];
    for (let i = 0; i < 3000; i++) rows.push(`2025-03-${String(1 + (i % 28)).padStart(2, '0')},UPLOAD LINE ${i},-${1 + (i % 50)}.25`);
    const input = page.locator('input[type=file]');
    await input.setInputFiles({ name: 'march.csv', mimeType: 'text/csv', buffer: Buffer.from(`${rows.join('\n')}\n`) });
    const jobText = (file: string) => () => page.getByTestId(`job-${file}`).textContent();
    await expect.poll(jobText('march.csv'), { timeout: 20_000 }).toMatch(/succeeded\s+· 3,000 of 3,000 lines\s+· completed: 3000 added, 0 known/);
    const stored = await api<{ total: number }>('GET', '/companies/bt/lines?search=UPLOAD%20LINE&limit=1');
    expect(stored.total).toBe(3000);

    await input.setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Date,Description,Amount\n2025-03-01,OK,-1.00\n2025-02-30,BAD,-2.00\n'),
    });
    await expect.poll(jobText('broken.csv'), { timeout: 20_000 }).toMatch(/failed.*broken\.csv, line 3/);
    expect((await api<{ total: number }>('GET', '/companies/bt/lines?search=OK&limit=1')).total).toBe(0);

    // a layout detection cannot read: the columns are mapped on the page
    await page.getByText('Bank preset, encoding and column mapping').click();
    await page.getByLabel('Date column').fill('Buchungstag');
    await page.getByLabel('Date format').selectOption('D/M/Y');
    await page.getByLabel('Description column').fill('Verwendungszweck');
    await page.getByLabel('Money in column').fill('Haben');
    await page.getByLabel('Money out column').fill('Soll');
    await page.getByLabel('decimal comma (1.234,56)').check();
    await input.setInputFiles({
      name: 'konto.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Buchungstag;Verwendungszweck;Soll;Haben\n28/03/2025;MIETE BUERO;1.234,56;\n29/03/2025;KUNDE ZAHLUNG;;2.000,05\n'),
    });
    await expect.poll(jobText('konto.csv'), { timeout: 20_000 }).toMatch(/succeeded.*completed: 2 added/);
    const mapped = async (text: string) =>
      (await api<{ lines: Line[] }>('GET', `/companies/bt/lines?search=${text}`)).lines.map((l) => [l.date, l.amountCents]);
    expect(await mapped('MIETE')).toEqual([['2025-03-28', '-123456']]);
    expect(await mapped('KUNDE')).toEqual([['2025-03-29', '200005']]);
  });

  it('transactions: 100,000 lines scroll to the last one quickly with only the visible rows rendered', async () => {
    await api('POST', '/companies', { slug: 'big', name: 'Big Books', industry: 'coffee_shop' });
    const bank = (await api<Account[]>('GET', '/companies/big/accounts')).find((a) => a.code === '1000')!.id;
    // 100,000 stored lines, newest first on the page: line 99999 alone on the newest day, line 0 on the oldest
    await t.platform.database.query(
      `insert into bookkeeping.bank_lines (org_id, company_id, bank_account_id, import_id, line_no, txn_date, amount_cents, description, dedupe_key, occurrence, status, source)
       select c.org_id, c.id, $1::uuid, gen_random_uuid(), g,
         case g when 0 then date '2019-12-31' when 99999 then date '2025-01-01' else date '2020-01-01' + (g / 60) end, -100 - g, 'BULK LINE ' || g, 'bulk|' || g, 1, 'review', 'none'
       from bookkeeping.companies c, generate_series(0, 99999) g where c.slug = 'big' and c.org_id = $2`,
      [bank, orgId],
    );
    const page = await signedIn();
    await page.goto('/bookkeeping/big/transactions');
    await page.getByText('100,000 lines').waitFor();
    await page.getByText('BULK LINE 99999', { exact: true }).waitFor();
    const viewport = page.getByTestId('lines-viewport');
    const started = Date.now();
    await viewport.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.getByText('BULK LINE 0', { exact: true }).waitFor();
    const ms = Date.now() - started;
    // one page fetch at offset 99,800 and a re-render of about twenty rows
    expect(ms).toBeLessThan(2000);
    expect(await page.getByTestId('line-row').count()).toBeLessThan(40);
    await viewport.evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
    // halfway down: lines from the middle of the books (line n is the n-th oldest, give or take the order within a day)
    await expect
      .poll(async () => (await page.getByTestId('line-row').allInnerTexts()).map((r) => Number(/BULK LINE (\d+)/.exec(r)?.[1] ?? -1)))
      .toSatisfy((ns: number[]) => ns.length > 10 && ns.every((n) => n > 49_800 && n < 50_200));
  });

  it('companies and settings: adds a company from a chart template, sets its threshold and lock date, adds and archives an account', async () => {
    const page = await signedIn();
    await page.goto('/bookkeeping');
    await page.getByLabel('Company name').fill('Liberty Childcare');
    await expect(page.getByLabel('Company slug').inputValue()).resolves.toBe('liberty-childcare');
    await page.getByLabel('Chart of accounts template').selectOption('childcare');
    await page.getByRole('button', { name: 'Add company' }).click();
    await page.getByRole('link', { name: 'Liberty Childcare' }).click();
    const company = await api<{ industry: string; autoThreshold: number }>('GET', '/companies/liberty-childcare');
    expect(company.industry).toBe('childcare');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Auto-approval threshold (%)').fill('95');
    await page.getByRole('button', { name: 'Save threshold' }).click();
    await page.getByText('Lines at or above 95% confidence are now approved automatically.').waitFor();
    expect((await api<{ autoThreshold: number }>('GET', '/companies/liberty-childcare')).autoThreshold).toBe(0.95);

    await page.getByLabel('Lock date').fill('2025-03-31');
    await page.getByRole('button', { name: 'Lock the books through this date' }).click();
    await page.getByText('The books are locked through 2025-03-31.').waitFor();
    expect((await api<{ lockDate: string | null }>('GET', '/companies/liberty-childcare')).lockDate).toBe('2025-03-31');

    await page.getByLabel('New account code').fill('6420');
    await page.getByLabel('New account name').fill('Classroom Supplies');
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByText('Account 6420 Classroom Supplies added.').waitFor();
    await page
      .getByRole('row', { name: /6420 Classroom Supplies/ })
      .getByRole('button', { name: 'Archive' })
      .click();
    await page.getByText('6420 Classroom Supplies archived.').waitFor();
    const added = (await api<Account[]>('GET', '/companies/liberty-childcare/accounts')).find((a) => a.code === '6420');
    expect(added).toMatchObject({ name: 'Classroom Supplies', type: 'expense', kind: 'other', archived: true });
  });
});
