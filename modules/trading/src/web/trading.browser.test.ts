import { createTestApp, type TestApp } from '@tessera/testkit';
import { buildWebShell, launchChromium, signInThroughForm } from '@tessera/testkit/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Valuation } from '../contracts/index.ts';

describe('Oh My Coins in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let user: { email: string; password: string };
  let session: Record<string, string>;
  let portfolioId: string;

  beforeAll(async () => {
    const webDist = buildWebShell('trading');
    t = await createTestApp({ moduleNames: ['gateway', 'trading'], config: { webDistDir: webDist } });
    const org = await t.createOrg('omc-browser');
    user = await t.createUser([{ orgId: org.orgId, role: 'owner' }]);
    // The same person's data: portfolios belong to the signed-in user.
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: user.email, password: user.password } });
    session = {
      cookie: String(signIn.headers['set-cookie']).split(';')[0]!,
      'x-csrf-token': signIn.json<{ csrfToken: string }>().csrfToken,
      'x-tessera-org': org.slug,
    };
    await t.app.inject({ method: 'POST', url: '/api/trading/prices/synthetic', headers: session, payload: { days: 30, seed: 5 } });
    const p = await t.app.inject({ method: 'POST', url: '/api/trading/portfolios', headers: session, payload: { name: 'Main', costMethod: 'fifo' } });
    portfolioId = p.json<{ id: string }>().id;
    baseUrl = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signedIn = (): Promise<Page> => signInThroughForm(browser, baseUrl, user, { viewport: { width: 1500, height: 1000 }, timezoneId: 'UTC' });

  it('enters a trade and a deposit and sees the position, P&L and cash, is refused under the kill switch, and watches an agent session live', async () => {
    const page = await signedIn();
    await page.goto('/trading');
    await page.locator('option', { hasText: 'Main (FIFO, USD)' }).waitFor({ state: 'attached' });

    // Trade entry, then the dashboard shows the position with its unrealized P&L.
    await page.getByRole('link', { name: 'Trades & import' }).click();
    await page.getByLabel('Asset', { exact: true }).fill('BTC');
    await page.getByLabel('Quantity', { exact: true }).fill('0.5');
    await page.getByLabel('Price', { exact: true }).fill('30000');
    await page.getByLabel('Fee', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Record trade' }).click();
    await page.getByRole('cell', { name: '30000.00' }).waitFor();
    await page.getByLabel('Amount').fill('20000');
    await page.getByRole('button', { name: 'Record transfer' }).click();
    await page.getByText(/deposit 20000\.00 USD/).waitFor();
    await page.getByRole('link', { name: 'Dashboard' }).click();
    const row = page.getByTestId('position-BTC');
    await row.waitFor();
    const v = (await t.app.inject({ method: 'GET', url: `/api/trading/portfolios/${portfolioId}`, headers: session })).json<{ valuation: Valuation }>()
      .valuation;
    expect(v.positions[0]).toMatchObject({ asset: 'BTC', quantity: '0.5', costBasis: '15002' });
    await expect(row.getByTestId('unrealized').getAttribute('title')).resolves.toBe(v.positions[0]!.unrealized);
    await expect(page.getByTestId('total-unrealized').getAttribute('title')).resolves.toBe(v.unrealized);
    // The deposit paid for the trade: 20000 - 15002 stays as cash.
    await page.getByText(/Cash 4998\.00/).waitFor();

    // Kill switch on: a paper order is refused, shown with its code, and kept as a rejected order.
    await page.getByRole('link', { name: 'Risk & kill switch' }).click();
    // Limits are amounts in the user's risk currency (the first portfolio's, USD here).
    await page.getByText(/Limits in USD/).waitFor();
    await page.getByPlaceholder('Reason (required)').fill('browser test halt');
    await page.getByRole('button', { name: 'hard halt', exact: true }).click();
    await page.getByText('Yours: hard').waitFor();
    await page.getByRole('link', { name: 'Paper orders & strategies' }).click();
    await page.getByRole('button', { name: 'Submit paper order' }).click();
    await page.getByText(/TRADING_KILL_SWITCH_ACTIVE: A kill switch halts trading/).waitFor();
    await page.getByTestId('order-rejected').getByText('TRADING_KILL_SWITCH_ACTIVE').waitFor();
    await page.getByRole('link', { name: 'Risk & kill switch' }).click();
    await page.getByPlaceholder('Reason (required)').fill('done testing');
    await page.getByRole('button', { name: 'Reset my halt' }).click();
    await page.getByText('Yours: off').waitFor();

    // An agent session with the offline model: steps arrive over the live stream.
    await page.getByRole('link', { name: 'Assistant' }).click();
    await page.getByRole('button', { name: 'Ask' }).click();
    await page.getByTestId('agent-done').getByText('completed').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('agent-steps').locator('li').count()).resolves.toBe(6);
    await expect(page.getByTestId('stream-mode').textContent()).resolves.toBe('● live');
    await expect(page.getByTestId('agent-step-1').textContent()).resolves.toMatch(/tool get_portfolio.*offline\/tessera-1 · \d+ tokens · \$/s);
  });

  it('falls back to polling when the event stream cannot be opened, and still shows every step', async () => {
    const page = await signedIn();
    // A proxy that refuses streams: every request to the events route fails.
    await page.route('**/agents/sessions/*/events*', (route) => route.abort());
    await page.goto('/trading/agents');
    await page.getByRole('button', { name: 'Ask' }).click();
    await page.getByTestId('agent-done').getByText('completed').waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('stream-mode').textContent()).resolves.toBe('○ polling');
    await expect(page.getByTestId('agent-steps').locator('li').count()).resolves.toBe(6);
  });
});
