import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const webDist = resolve(repoRoot, 'apps/web/dist');
const MODULES = ['gateway', 'bookkeeping', 'trading', 'status-board'] as const;

function ensureWebBuild(): void {
  if (existsSync(resolve(webDist, 'index.html'))) return;
  // `npm test` builds first; a lone run of this file builds here so it still tests the real bundle.
  execFileSync(resolve(repoRoot, 'node_modules/.bin/vite'), ['build', '--config', 'apps/web/vite.config.ts'], { cwd: repoRoot, stdio: 'inherit' });
}

describe('web shell in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let user: { email: string; password: string };
  const cspViolations: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: the browser test drives Debian's chromium (apt-get install chromium; .ci/run installs it).`);
    }
    ensureWebBuild();
    t = await createTestApp({ moduleNames: [...MODULES], config: { webDistDir: webDist } });
    const shop = await t.createOrg('edgars-auto');
    const other = await t.createOrg();
    user = await t.createUser([
      { orgId: other.orgId, role: 'owner' },
      { orgId: shop.orgId, role: 'member' },
    ]);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = address.replace('localhost', '127.0.0.1');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (/content security policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
    return page;
  }

  async function signIn(page: Page, password: string): Promise<void> {
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('sends an anonymous visitor to sign-in, signs in through the form and lists every enabled module', async () => {
    const page = await newPage();
    const shell = await page.goto('/');
    // The built shell runs under the server's strict CSP (violations would also show in the console).
    expect(shell?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForURL('**/sign-in');
    await expect(page.title()).resolves.toBe('Tessera');

    await signIn(page, 'not the password');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/do not match/);

    await signIn(page, user.password);
    const list = page.getByTestId('module-list');
    await list.waitFor();
    for (const name of MODULES) await expect(page.getByTestId(`module-${name}`).isVisible()).resolves.toBe(true);
    await expect(list.locator(':scope > li').count()).resolves.toBe(MODULES.length);
    await expect(page.locator('header').textContent()).resolves.toContain('Tessera');

    // The session cookie is not readable by scripts.
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'tessera_session')?.httpOnly).toBe(true);
    expect(cspViolations).toEqual([]);
    await page.context().close();
  });

  it('opens a module in its demo organization, switches organization, signs out with the CSRF header', async () => {
    const page = await newPage();
    await page.goto('/status-board');
    await page.waitForURL('**/sign-in');
    await signIn(page, user.password);
    // Back where the user was going, in the module's default organization (the user belongs to it).
    await page.waitForURL('**/status-board');
    const picker = page.getByLabel('Organization');
    await expect(picker.inputValue()).resolves.toBe('edgars-auto');

    const otherSlug = await picker.locator('option:not([value="edgars-auto"])').getAttribute('value');
    expect(otherSlug).toMatch(/^org-/);
    await picker.selectOption(otherSlug ?? '');
    await expect(picker.inputValue()).resolves.toBe(otherSlug);

    await page.goto('/no-such-page');
    await page.getByTestId('not-found').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    const me = await page.request.get('/api/auth/me');
    expect(me.status()).toBe(401);
    expect(cspViolations).toEqual([]);
    await page.context().close();
  });
});
