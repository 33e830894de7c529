import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { REPO_ROOT } from './template-database.ts';

/** Debian's Chromium, which `.ci/run` installs; browser tests drive it through playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Builds the web shell from the current sources into `.tmp/<name>-web` and returns that folder.
 * Each browser suite builds its own copy: the shared `apps/web/dist` may predate the module's
 * last change, and two suites must not empty each other's build.
 */
export function buildWebShell(name: string): string {
  const outDir = resolve(REPO_ROOT, `.tmp/${name}-web`);
  execFileSync(
    resolve(REPO_ROOT, 'node_modules/.bin/vite'),
    ['build', '--config', 'apps/web/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
  return outDir;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
}

/** A fresh browser context signed in through the sign-in form, as a person would. */
export async function signInThroughForm(
  browser: Browser,
  baseUrl: string,
  user: { email: string; password: string },
  options: BrowserContextOptions = {},
): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1600, height: 1000 }, ...options });
  const page = await ctx.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return page;
}
