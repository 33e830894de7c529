import { createTestApp, type TestApp } from '@tessera/testkit';
import { buildWebShell, launchChromium, signInThroughForm } from '@tessera/testkit/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusBoardModule } from '../server/index.ts';

describe('status board in two browsers', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let user: { email: string; password: string };
  let admin: { email: string; password: string };

  beforeAll(async () => {
    const webDist = buildWebShell('status-board');
    t = await createTestApp({ modules: [statusBoardModule], config: { webDistDir: webDist } });
    const shop = await t.createOrg('edgars-auto');
    user = await t.createUser([{ orgId: shop.orgId, role: 'member' }]);
    admin = await t.createUser([{ orgId: shop.orgId, role: 'admin' }]);
    await statusBoardModule.seedDemo!({ platform: t.platform, orgId: shop.orgId, orgSlug: shop.slug, userId: user.email });
    baseUrl = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openBoard(as = user): Promise<Page> {
    const page = await signInThroughForm(browser, baseUrl, as, { viewport: { width: 1800, height: 1000 } });
    await page.goto('/status-board');
    await page.getByTestId('column-scheduled').locator('article').first().waitFor();
    await page.getByText('● live').waitFor();
    return page;
  }

  it('a card dragged in one browser moves in the other through the event stream, and a button move too', async () => {
    const a = await openBoard();
    const b = await openBoard();
    const card = a.getByTestId('column-scheduled').locator('article').first();
    const id = (await card.getAttribute('data-testid'))!.slice('card-'.length);

    // Drag with the pointer (dnd-kit needs real movement past its activation distance).
    const from = (await card.locator('strong').boundingBox())!;
    const to = (await a.getByTestId('column-en_route').boundingBox())!;
    await a.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await a.mouse.down();
    await a.mouse.move(from.x + 40, from.y + 20, { steps: 5 });
    await a.mouse.move(to.x + to.width / 2, to.y + 12, { steps: 15 });
    await a.mouse.up();
    await a.getByTestId('column-en_route').getByTestId(`card-${id}`).waitFor({ timeout: 10_000 });
    await b.getByTestId('column-en_route').getByTestId(`card-${id}`).waitFor({ timeout: 10_000 });

    // A phone-style button move in the second browser shows up in the first.
    await b.getByTestId(`move-${id}-checked_in`).click();
    await a.getByTestId('column-checked_in').getByTestId(`card-${id}`).waitFor({ timeout: 10_000 });
    await expect(b.getByTestId('column-checked_in').getByTestId(`card-${id}`).count()).resolves.toBe(1);
  });

  it("opens on the shop's date in its time zone, and a technician assigned on a card shows on the other screen", async () => {
    const a = await openBoard();
    const b = await openBoard();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    await expect(a.getByLabel('Day', { exact: true }).inputValue()).resolves.toBe(today);

    const card = a.getByTestId('column-scheduled').locator('article').first();
    const id = (await card.getAttribute('data-testid'))!.slice('card-'.length);
    const picker = a.getByTestId(`tech-${id}`);
    const options = await picker.locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
    const current = await picker.inputValue();
    const other = options.find((o) => o !== current)!;
    await picker.selectOption(other);
    await expect.poll(() => b.getByTestId(`tech-${id}`).inputValue(), { timeout: 10_000 }).toBe(other);

    // A walk-in booked from the board's form lands at the end of scheduled on both screens.
    const scheduledInB = b.getByTestId('column-scheduled').locator('article');
    const before = await scheduledInB.count();
    await a.getByRole('button', { name: 'New job' }).click();
    const form = a.getByTestId('new-job-form');
    const customer = form.getByLabel('Customer', { exact: true });
    await expect.poll(() => customer.locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(2);
    const firstCustomer = await customer.locator('option').nth(2).getAttribute('value');
    await customer.selectOption(firstCustomer);
    await form.getByRole('checkbox').first().check();
    await form.getByLabel('Promised time').fill('16:30');
    await form.getByRole('button', { name: 'Book job' }).click();
    await a.getByText('Job booked.').waitFor();
    await expect.poll(() => scheduledInB.count(), { timeout: 10_000 }).toBe(before + 1);
    await expect(scheduledInB.last().getByTestId('promised').textContent()).resolves.toContain('4:30 PM');
  });

  it('shows the shop time zone and renames a column on the settings page (admins), and the board uses the new name', async () => {
    const a = await openBoard(admin);
    await a.getByRole('link', { name: 'Settings' }).click();
    const page = a.getByTestId('settings-page');
    await expect.poll(() => page.getByLabel('Time zone', { exact: true }).last().inputValue(), { timeout: 10_000 }).toBe('America/Chicago');
    const name = page.getByLabel('Name for En route');
    await name.fill('On the road');
    await page.getByRole('button', { name: 'Rename En route' }).click();
    await a.getByText('Column renamed.').waitFor();
    await a.getByRole('link', { name: 'Board', exact: true }).click();
    await a.getByTestId('column-en_route').locator('header').getByText('On the road', { exact: true }).waitFor({ timeout: 10_000 });
  });
});
