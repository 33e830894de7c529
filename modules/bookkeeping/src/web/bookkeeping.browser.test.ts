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

    // an amount range on one bank account, no text: the page previews what the server previews
    await page.reload();
    await page.getByLabel('Amount from').fill('-30.00');
    await page.getByLabel('Amount to').fill('-20.00');
    await page.getByLabel('On bank account').selectOption(acc['1000']!);
    await page
      .locator('select')
      .filter({ has: page.locator('option', { hasText: 'account…' }) })
      .selectOption(acc['6800']!);
    await page.getByRole('button', { name: 'Preview' }).click();
    const server = await api<{ matched: number; applicable: number }>('POST', '/companies/bt/rules/preview', {
      conditions: { amountMinCents: -3000, amountMaxCents: -2000, bankAccountId: acc['1000'] },
      accountId: acc['6800'],
    });
    expect(server.matched).toBeGreaterThan(0);
    await page.getByText(new RegExp(`Matches ${server.matched} lines; .* ${server.applicable} in review`)).waitFor();

    // the counterparty takes every operator: a regex is sent as one (and this one is refused as unsafe)
    await page.getByLabel('Counterparty match').selectOption('regex');
    await page.getByLabel('Counterparty', { exact: true }).fill('(a+)+');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('The counterparty regular expression is refused', { exact: false }).waitFor();
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
});
