import type { App } from '@tessera/core';

/** The parts of the testkit's TestApp these helpers use (helpers are not test files, so no testkit import). */
interface TestApp {
  app: App;
  createUser(memberships: { orgId: string; role: 'member' | 'admin' | 'owner' }[]): Promise<{ userId: string; email: string; password: string }>;
}

/** Sets up an organization with BTC priced at 100 and one FIFO portfolio; returns helpers. */
export async function riskFixture(t: TestApp, auth: { authorization: string }) {
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  await inject('POST', '/api/trading/assets', { symbol: 'BTC', name: 'Bitcoin' });
  await inject('POST', '/api/trading/assets', { symbol: 'ETH', name: 'Ether' });
  const csv = 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,100,101,99,100,1000000\n';
  const imp = await inject('POST', '/api/trading/prices/import', { asset: 'BTC', csv });
  if (imp.statusCode !== 201) throw new Error(`prices: ${imp.body}`);
  const p = await inject('POST', '/api/trading/portfolios', { name: `P-${Math.random().toString(36).slice(2, 8)}`, costMethod: 'fifo' });
  if (p.statusCode !== 201) throw new Error(`portfolio: ${p.body}`);
  return { inject, portfolioId: p.json<{ id: string }>().id };
}

/** Session headers for a real person (email + password sign-in, CSRF token). */
export async function signInHeaders(t: TestApp, orgId: string, slug: string, role: 'member' | 'admin' | 'owner'): Promise<Record<string, string>> {
  const u = await t.createUser([{ orgId, role }]);
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: u.email, password: u.password } });
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  return { cookie, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken, 'x-tessera-org': slug };
}
