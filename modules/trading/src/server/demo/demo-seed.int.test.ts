import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { tradingModule } from '../index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ modules: [tradingModule] });
});
afterAll(async () => t?.close());

describe('demo seed', () => {
  it('fills oh-my-coins quickly with priced positions, limits and strategies', async () => {
    const org = await t.createOrg();
    const { userId, email, password } = await t.createUser([{ orgId: org.orgId, role: 'owner' }]);
    const started = performance.now();
    await tradingModule.seedDemo!({ platform: t.platform, orgId: org.orgId, orgSlug: org.slug, userId });
    expect(performance.now() - started).toBeLessThan(10_000);
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password } });
    const headers = { cookie: String(signIn.headers['set-cookie']).split(';')[0]!, 'x-tessera-org': org.slug };
    const list = (await t.app.inject({ method: 'GET', url: '/api/trading/portfolios', headers })).json().portfolios;
    expect(list).toHaveLength(2);
    const main = (await t.app.inject({ method: 'GET', url: `/api/trading/portfolios/${list[0].id}`, headers })).json();
    expect(main.valuation.complete).toBe(true);
    expect(main.valuation.positions.length).toBe(3);
    expect(Number(main.valuation.realized)).not.toBe(0);
    const perf = (await t.app.inject({ method: 'GET', url: `/api/trading/portfolios/${list[0].id}/performance`, headers })).json();
    expect(perf.series.length).toBeGreaterThan(150);
    expect(perf.returns.timeWeighted).not.toBeNull();
    expect((await t.app.inject({ method: 'GET', url: '/api/trading/strategies', headers })).json().strategies).toHaveLength(2);
  });
});
