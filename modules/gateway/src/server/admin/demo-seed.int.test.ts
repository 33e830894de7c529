import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';
import { seedGatewayDemo } from './demo-seed.ts';

let f: GatewayFixture<TestApp>;
beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
});
afterAll(async () => f.t.close());

describe('demo seed', () => {
  it('sets up the offline provider, a funded wallet, a team, prices and a route, once', async () => {
    const user = await f.t.createUser([{ orgId: f.org.orgId, role: 'owner' }]);
    const started = Date.now();
    await seedGatewayDemo({ platform: f.t.platform, orgId: f.org.orgId, orgSlug: f.org.slug, userId: user.userId });
    await seedGatewayDemo({ platform: f.t.platform, orgId: f.org.orgId, orgSlug: f.org.slug, userId: user.userId });
    expect(Date.now() - started).toBeLessThan(5000);
    const wallets = (await f.admin('GET', '/api/gateway/wallets')).body as unknown as { balance_micros: string }[];
    expect(wallets.map((w) => w.balance_micros).sort()).toEqual(['10000000', '50000000']);
    const res = await f.t.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: f.auth(),
      payload: { model: 'default', messages: [{ role: 'user', content: 'demo' }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-alfred-provider']).toBe('offline');
    const models = (await f.t.app.inject({ method: 'GET', url: '/v1/models', headers: f.auth() })).json<{ data: { id: string }[] }>();
    expect(models.data.map((m) => m.id)).toContain('offline/tessera-1');
  });
});
