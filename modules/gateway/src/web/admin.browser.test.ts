import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayModule } from '../server/index.ts';

const CHROMIUM = '/usr/bin/chromium';
const repoRoot = resolve(import.meta.dirname, '../../../..');
// Its own build of the current sources (the shell's dist may predate this module's last change).
const webDist = resolve(repoRoot, '.tmp/gateway-web');

describe('Alfred admin UI in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let user: { email: string; password: string };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
    execFileSync(
      resolve(repoRoot, 'node_modules/.bin/vite'),
      ['build', '--config', 'apps/web/vite.config.ts', '--outDir', webDist, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: repoRoot, stdio: 'inherit' },
    );
    t = await createTestApp({ modules: [gatewayModule], config: { webDistDir: webDist } });
    const org = await t.createOrg('alfred-demo');
    const created = await t.createUser([{ orgId: org.orgId, role: 'owner' }]);
    user = created;
    await gatewayModule.seedDemo!({ platform: t.platform, orgId: org.orgId, orgSlug: org.slug, userId: created.userId });
    baseUrl = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(): Promise<Page> {
    const ctx = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1600, height: 1000 } });
    const page = await ctx.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    return page;
  }

  const tab = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });

  it('opens every admin page, sends a playground chat on the offline provider, and shows the spend in usage and the wallet', async () => {
    const page = await signIn();
    await page.goto('/gateway');
    await page.getByRole('heading', { name: 'Alfred gateway' }).waitFor();
    const spendBadge = page.getByTestId('total-spend');
    await expect(spendBadge.textContent()).resolves.toMatch(/\$0\.000000/);

    await tab(page, 'Providers').click();
    await page.getByRole('cell', { name: 'offline (deterministic)' }).waitFor();
    // A provider with a credential: the page shows that one is stored, never the key itself.
    await page.getByPlaceholder('name (e.g. openai-main)').fill('openai-main');
    await page.getByPlaceholder('API key (stored encrypted)').fill('sk-browser-test-secret');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const added = page.getByRole('row').filter({ hasText: 'openai-main' });
    await added.getByRole('cell', { name: 'stored (encrypted)' }).waitFor();
    await expect(page.content()).resolves.not.toContain('sk-browser-test-secret');

    await tab(page, 'Routes').click();
    await page.getByText('default-to-offline').waitFor();

    await tab(page, 'Keys').click();
    await page.getByText('Teams: Platform team').waitFor();

    await tab(page, 'Wallets').click();
    const orgRow = page.getByTestId('wallet-org');
    await expect.poll(() => orgRow.getByTestId('wallet-balance').textContent()).toBe('$50.000000');
    await orgRow.getByRole('button', { name: 'Ledger' }).click();
    await page.getByText('Demo credit: 50 USD').waitFor();

    await tab(page, 'Playground').click();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(/Offline answer: Explain what an LLM gateway does/).waitFor({ timeout: 15_000 });
    const meta = await page.getByTestId('playground-meta').textContent();
    expect(meta).toMatch(/\$0\.0000\d\d/);

    await tab(page, 'Wallets').click();
    await expect.poll(() => orgRow.getByTestId('wallet-balance').textContent(), { timeout: 10_000 }).not.toBe('$50.000000');

    await tab(page, 'Usage').click();
    await expect.poll(() => spendBadge.textContent(), { timeout: 10_000 }).not.toMatch(/\$0\.000000/);
    await page.getByRole('cell', { name: '1', exact: true }).first().waitFor();
    expect(pageErrors).toEqual([]);
  });
});
