import { createTestApp, type TestApp } from '@tessera/testkit';
import { buildWebShell, launchChromium, signInThroughForm } from '@tessera/testkit/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Line } from '../contracts/index.ts';
import { bookkeepingModule } from '../server/index.ts';

// Import, the 100,000-line table, company settings and reconciliation; the review queue, rules and
// members are in bookkeeping.browser.test.ts.
let t: TestApp;
let browser: Browser;
let baseUrl: string;
let orgId: string;
let user: { email: string; password: string };
let session: Record<string, string>;

const api = async <T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object): Promise<T> => {
  const res = await t.app.inject({ method, url: `/api/bookkeeping${url}`, headers: session, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json<T>();
};

beforeAll(async () => {
  const webDist = buildWebShell('bookkeeping-books');
  t = await createTestApp({ modules: [bookkeepingModule], config: { webDistDir: webDist } });
  const org = await t.createOrg('bk-books-browser');
  orgId = org.orgId;
  user = await t.createUser([{ orgId, role: 'owner' }]);
  const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: user.email, password: user.password } });
  session = {
    cookie: String(signIn.headers['set-cookie']).split(';')[0]!,
    'x-csrf-token': signIn.json<{ csrfToken: string }>().csrfToken,
    'x-tessera-org': org.slug,
  };
  await api('POST', '/companies', { slug: 'bt', name: 'Browser Books Co', industry: 'web_agency' });
  baseUrl = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signedIn = (): Promise<Page> => signInThroughForm(browser, baseUrl, user, { viewport: { width: 1500, height: 1000 }, timezoneId: 'UTC' });

describe('AI Bookkeeper books in a browser', () => {
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

  it('reconciliation: a statement is matched automatically, a line is unmatched and matched by hand, the difference closes to zero', async () => {
    await api('POST', '/companies', { slug: 'rc', name: 'Reconcile Co', industry: 'web_agency' });
    const accounts = new Map((await api<Account[]>('GET', '/companies/rc/accounts')).map((a) => [a.code, a.id]));
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/bookkeeping/companies/rc/imports?bankAccountId=${accounts.get('1000')}&fileName=jan.csv&wait=true`,
      headers: { ...session, 'content-type': 'text/csv' },
      payload: 'Date,Description,Amount\n2025-01-02,OFFICE RENT,-1000.00\n2025-01-10,CLIENT PAYMENT,2500.00\n2025-01-20,BANK FEE,-5.00\n',
    });
    expect(res.statusCode, res.body).toBe(200);
    const byText = new Map((await api<{ lines: Line[] }>('GET', '/companies/rc/lines')).lines.map((l) => [l.description, l.id]));
    await api('POST', `/lines/${byText.get('OFFICE RENT')}/correct`, { accountId: accounts.get('6000') });
    await api('POST', `/lines/${byText.get('CLIENT PAYMENT')}/correct`, { accountId: accounts.get('4000') });

    const page = await signedIn();
    await page.goto('/bookkeeping/rc/reconcile');
    await page.getByPlaceholder('12345.67').fill('1495.00');
    await page.getByRole('button', { name: 'Reconcile' }).click();
    const detail = page.getByTestId('reconciliation-detail');
    await detail.getByText('2 of 3 lines matched (66.7%), difference -$5.00').waitFor();
    await detail
      .getByRole('row', { name: /BANK FEE/ })
      .getByText('not posted yet')
      .waitFor();
    const [rec] = await api<{ id: string }[]>('GET', '/companies/rc/reconciliations');
    const matches = () =>
      t.platform.database.query<{ description: string; method: string }>(
        `select b.description, m.method from bookkeeping.reconciliation_matches m join bookkeeping.bank_lines b on b.id = m.bank_line_id where m.reconciliation_id = $1 order by b.description`,
        [rec!.id],
      );

    await detail
      .getByRole('row', { name: /OFFICE RENT/ })
      .getByRole('button', { name: 'Unmatch' })
      .click();
    await detail.getByText('1 of 3 lines matched (33.3%)', { exact: false }).waitFor();
    expect(await matches()).toEqual([{ description: 'CLIENT PAYMENT', method: 'auto' }]);
    await detail
      .getByRole('row', { name: /OFFICE RENT/ })
      .getByRole('button', { name: 'Match' })
      .click();
    await detail.getByText('2 of 3 lines matched (66.7%)', { exact: false }).waitFor();
    expect(await matches()).toEqual([
      { description: 'CLIENT PAYMENT', method: 'auto' },
      { description: 'OFFICE RENT', method: 'manual' },
    ]);

    // the fee is reviewed; matching again picks it up and the statement balances
    await api('POST', `/lines/${byText.get('BANK FEE')}/correct`, { accountId: accounts.get('6700') });
    await detail.getByRole('button', { name: 'Auto-match' }).click();
    await detail.getByText('3 of 3 lines matched (100.0%), difference $0.00').waitFor();
    const view = await api<{ rate: number; differenceCents: string }>('GET', `/reconciliations/${rec!.id}`);
    expect(view).toMatchObject({ rate: 1, differenceCents: '0' });
  });

  it('reports: P&L with charts, balance sheet and trial balance of the reconciled books agree with the server', async () => {
    const page = await signedIn();
    await page.goto('/bookkeeping/rc/reports');
    await page
      .getByRole('row', { name: /Total net/ })
      .getByText('$1,495.00')
      .first()
      .waitFor();
    // P&L over months: income, expense and net lines; the funnel: a bar per stage that has lines
    // (imported 3, reviewed 3; nothing came from rules or the model here)
    await expect.poll(() => page.locator('.recharts-line').count()).toBe(3);
    await expect.poll(() => page.locator('.recharts-bar-rectangle').count()).toBe(2);
    const pnl = await api<{ totals: { net: string }[] }>('GET', '/companies/rc/reports/pnl?from=2025-01-01&to=2025-12-31');
    expect(pnl.totals[0]!.net).toBe('149500');

    await page.getByLabel('Report').selectOption('bs');
    const bs = page.getByTestId('balance-sheet');
    await bs.getByText('Balanced: assets = liabilities + equity').waitFor();
    await bs
      .getByRole('row', { name: /Total assets/ })
      .getByText('$1,495.00')
      .waitFor();
    await page.getByLabel('Report').selectOption('tb');
    const tb = page.getByTestId('trial-balance');
    await tb.getByRole('row', { name: /Total/ }).getByText('$3,505.00').first().waitFor();
    const server = await api<{ totalDebit: string; totalCredit: string }>('GET', '/companies/rc/reports/trial-balance?asOf=2025-12-31');
    expect(server).toMatchObject({ totalDebit: '350500', totalCredit: '350500' });
  });

  it('general ledger: the bank account postings with running balances, closing on the trial balance figure', async () => {
    const bank = (await api<Account[]>('GET', '/companies/rc/accounts')).find((a) => a.code === '1000')!;
    const page = await signedIn();
    await page.goto('/bookkeeping/rc/reports');
    await page.getByLabel('Report').selectOption('gl');
    await page.getByLabel('Ledger account').selectOption(bank.id);
    const gl = page.getByTestId('general-ledger');
    await gl.getByText('Closing balance').waitFor();
    expect(await gl.getByTestId('ledger-posting').allInnerTexts()).toEqual([
      expect.stringMatching(/2025-01-02\s+OFFICE RENT\s+\$1,000\.00\s+\$1,000\.00 Cr/),
      expect.stringMatching(/2025-01-10\s+CLIENT PAYMENT\s+\$2,500\.00\s+\$1,500\.00 Dr/),
      expect.stringMatching(/2025-01-20\s+BANK FEE\s+\$5\.00\s+\$1,495\.00 Dr/),
    ]);
    const tb = await api<{ rows: { accountId: string; debitCents: string; creditCents: string }[] }>(
      'GET',
      '/companies/rc/reports/trial-balance?asOf=2025-12-31',
    );
    const row = tb.rows.find((r) => r.accountId === bank.id)!;
    // the page's closing balance, read back to cents ("$1,495.00 Dr"), is the trial balance's debit less credit
    const closing = await gl.getByTestId('closing-balance').innerText();
    expect(closing).toBe('$1,495.00 Dr');
    const pageCents = BigInt(closing.replace(/[^0-9]/g, '')) * (closing.endsWith('Cr') ? -1n : 1n);
    expect(pageCents).toBe(BigInt(row.debitCents) - BigInt(row.creditCents));
  });
});
