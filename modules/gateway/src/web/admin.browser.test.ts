import { createTestApp, type TestApp } from '@tessera/testkit';
import { buildWebShell, launchChromium, signInThroughForm } from '@tessera/testkit/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayModule } from '../server/index.ts';

describe('Alfred admin UI in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let user: { email: string; password: string };
  let ownerKey: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const webDist = buildWebShell('gateway');
    t = await createTestApp({ modules: [gatewayModule], config: { webDistDir: webDist } });
    const org = await t.createOrg('alfred-demo');
    ownerKey = org.ownerKey;
    const created = await t.createUser([{ orgId: org.orgId, role: 'owner' }]);
    user = created;
    await gatewayModule.seedDemo!({ platform: t.platform, orgId: org.orgId, orgSlug: org.slug, userId: created.userId });
    baseUrl = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(): Promise<Page> {
    const page = await signInThroughForm(browser, baseUrl, user);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    return page;
  }

  const tab = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });

  it('opens every admin page, sets the per-address limits, sends a playground chat on the offline provider, and shows the spend in usage and the wallet', async () => {
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
    // Limits per client address: a 0 is refused with the server's reason, a real limit is stored.
    const limits = page.getByTestId('address-limits');
    await expect.poll(() => limits.getByTestId('limits-in-force').textContent()).toBe('In force: 6000 requests/min, no token limit');
    const rpmField = limits.getByLabel('Requests/min per address');
    await rpmField.fill('0');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await expect.poll(() => limits.getByRole('alert').textContent()).toBe('VALIDATION_FAILED: body/ipRpm must be >= 1');
    await rpmField.fill('2500');
    await limits.getByLabel('Tokens/min per address').fill('90000');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await expect.poll(() => limits.getByTestId('limits-in-force').textContent()).toBe('In force: 2500 requests/min, 90000 tokens/min');
    const stored = await t.app.inject({ method: 'GET', url: '/api/gateway/limits', headers: { authorization: `Bearer ${ownerKey}` } });
    expect(stored.json()).toEqual({ ipRpm: 2500, ipTpm: 90000, effectiveIpRpm: 2500, effectiveIpTpm: 90000 });

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
