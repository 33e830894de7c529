import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  // A self-hosted OpenAI-compatible endpoint that accepts any key, for saving a credential from the page.
  let modelServer: Server;
  let modelBaseUrl: string;

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
    modelServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'local-model', object: 'model' }] }));
    });
    await new Promise<void>((r) => modelServer.listen(0, '127.0.0.1', r));
    modelBaseUrl = `http://127.0.0.1:${(modelServer.address() as AddressInfo).port}/v1`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    modelServer?.close();
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
  it('imports a Coinbase CSV, creates and runs a DCA strategy, and saves a credential shown only masked', async () => {
    const page = await signedIn();
    const api = async <T>(url: string) => (await t.app.inject({ method: 'GET', url, headers: session })).json<T>();

    // Trade import from a file chosen on the page.
    await page.goto('/trading/trades');
    await page.locator('option', { hasText: 'Main (FIFO, USD)' }).waitFor({ state: 'attached' });
    const csv = [
      'ID,Timestamp,Transaction Type,Asset,Quantity Transacted,Price Currency,Price at Transaction,Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes',
      'cb-br-1,2024-03-01 10:00:00 UTC,Buy,ETH,2,USD,$2000.00,$4000.00,$4010.00,$10.00,Bought 2 ETH',
      'cb-br-2,2024-03-02 10:00:00 UTC,Receive,ETH,0.1,USD,$2100.00,,,,Received',
      'cb-br-3,2024-03-03 10:00:00 UTC,Sell,ETH,0.5,USD,"$2,200.00",$1100.00,$1095.00,$5.00,Sold',
    ].join('\n');
    await page.locator('input[type=file]').setInputFiles({ name: 'coinbase.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Imported 2, skipped 1 non-trade rows.').waitFor();
    await page.getByRole('cell', { name: 'cb-br-3' }).waitFor();
    const trades = (
      await api<{ trades: { externalId: string | null; asset: string; side: string; quantity: string }[] }>(`/api/trading/portfolios/${portfolioId}/trades`)
    ).trades.filter((x) => x.externalId?.startsWith('cb-br-'));
    expect(trades.map((x) => [x.externalId, x.asset, x.side, x.quantity]).sort()).toEqual([
      ['cb-br-1', 'ETH', 'buy', '2'],
      ['cb-br-3', 'ETH', 'sell', '0.5'],
    ]);

    // A DCA strategy created on the paper page, then run on the latest candle through the pre-trade check.
    await page.getByRole('link', { name: 'Paper orders & strategies' }).click();
    await page.getByLabel('Strategy name').fill('Browser DCA');
    await page.getByLabel('Buy amount').fill('50');
    await page.getByRole('button', { name: 'Create DCA strategy' }).click();
    const item = page.getByTestId('strategy-Browser DCA');
    await item.waitFor();
    await item.getByRole('button', { name: 'Run on latest candle' }).click();
    await page
      .getByTestId('strategy-run')
      .getByText(/Last run: buy, buy [0-9.]+ filled/)
      .waitFor();
    const strategies = (
      await api<{ strategies: { id: string; name: string; kind: string; params: unknown; portfolioId: string; cursor: string | null }[] }>(
        '/api/trading/strategies',
      )
    ).strategies.filter((x) => x.name === 'Browser DCA');
    expect(strategies).toMatchObject([{ kind: 'dca', portfolioId, params: { quoteAmount: '50', everyDays: 1 } }]);
    expect(strategies[0]!.cursor).not.toBeNull();
    const orders = (await api<{ orders: { strategyId: string | null; source: string; status: string }[] }>('/api/trading/orders')).orders.filter(
      (o) => o.strategyId === strategies[0]!.id,
    );
    expect(orders).toMatchObject([{ source: 'strategy', status: 'filled' }]);

    // A credential saved on the credentials page: listed as ••••last4, the key itself never shown or returned.
    const apiKey = 'sk-browser-secret-7Qx9';
    await page.getByRole('link', { name: 'Model credentials' }).click();
    await page.getByLabel('Provider').selectOption('openai-compatible');
    await page.getByLabel('Label').fill('home server');
    await page.getByLabel('API key').fill(apiKey);
    await page.getByLabel('Base URL').fill(modelBaseUrl);
    await page.getByLabel('Default model').fill('local-model');
    await page.getByRole('button', { name: 'Check and save' }).click();
    await page.getByRole('cell', { name: '••••7Qx9' }).waitFor();
    await expect(page.getByLabel('API key').inputValue()).resolves.toBe('');
    expect(await page.content()).not.toContain(apiKey);
    const creds = (await api<{ credentials: Record<string, unknown>[] }>('/api/trading/credentials')).credentials;
    expect(creds).toMatchObject([
      { label: 'home server', provider: 'openai-compatible', masked: '••••7Qx9', defaultModel: 'local-model', verification: 'valid' },
    ]);
    expect(JSON.stringify(creds)).not.toContain(apiKey);
  });
});
