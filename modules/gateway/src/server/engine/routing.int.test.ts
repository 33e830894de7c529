import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

let f: GatewayFixture<TestApp>;
let keyA: string;
let keyInTeam: string;

beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  // Five accounts of the offline provider under different names: the header names the one that served.
  for (const name of ['off-a', 'off-b', 'off-c', 'off-d', 'off-e'])
    expect((await f.admin('POST', '/api/gateway/providers', { name, kind: 'offline' })).status).toBe(201);
  keyA = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
  keyInTeam = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
  const team = await f.admin('POST', '/api/gateway/teams', { name: 'Growth' });
  expect((await f.admin('PUT', `/api/gateway/keys/${await f.keyId(keyInTeam)}`, { teamId: team.body.id })).status).toBe(200);
  const routes = [
    { name: 'by-key', priority: 1, match: { model: 'routed', apiKeyIds: [await f.keyId(keyA)] }, targets: [{ provider: 'off-a' }] },
    { name: 'by-team', priority: 2, match: { model: 'routed', teamIds: [team.body.id] }, targets: [{ provider: 'off-b' }] },
    { name: 'by-header', priority: 3, match: { model: 'routed', metadata: { env: 'canary' } }, targets: [{ provider: 'off-c' }] },
    {
      name: 'default',
      priority: 10,
      match: { model: 'routed' },
      targets: [
        { provider: 'off-c', weight: 0 },
        { provider: 'off-d', weight: 1 },
      ],
    },
    {
      name: 'split',
      priority: 20,
      match: { model: 'split-*' },
      targets: [
        { provider: 'off-d', weight: 3 },
        { provider: 'off-e', weight: 1 },
      ],
    },
  ];
  for (const r of routes) expect((await f.admin('POST', '/api/gateway/routes', r)).status).toBe(201);
});
afterAll(async () => f.t.close());

const call = (key: string, model: string, headers: Record<string, string> = {}, url = '/v1/chat/completions') =>
  f.t.app.inject({ method: 'POST', url, headers: { ...f.auth(key), ...headers }, payload: { model, messages: [{ role: 'user', content: 'route me' }] } });

describe('routes with conditions, over HTTP', () => {
  it('matches on key, team and metadata headers in priority order, and reports the provider and attempts', async () => {
    const canary = { 'x-alfred-meta-env': 'canary' };
    const cases: [string, string, Record<string, string>, string][] = [
      ['key', keyA, {}, 'off-a'],
      ['key wins over header', keyA, canary, 'off-a'],
      ['team', keyInTeam, {}, 'off-b'],
      ['header', f.key, canary, 'off-c'],
      ['header value must match', f.key, { 'x-alfred-meta-env': 'prod' }, 'off-d'],
      ['default, weight 0 never first', f.key, {}, 'off-d'],
    ];
    for (const [label, key, headers, provider] of cases) {
      const res = await call(key, 'routed', headers);
      expect([label, res.statusCode, res.headers['x-alfred-provider'], res.headers['x-alfred-attempts']]).toEqual([label, 200, provider, '1']);
    }
    const dry = await call(f.key, 'routed', canary, '/v1/chat/completions/dry-run');
    expect(dry.json()).toMatchObject({ route: 'by-header', attempts: [{ provider: 'off-c' }] });
  });

  it('balances by weight (3:1) and keeps the other target as the next attempt', async () => {
    const served = new Map<string, number>();
    for (let i = 0; i < 120; i++) {
      const res = await call(f.key, `split-${i}`);
      const p = String(res.headers['x-alfred-provider']);
      served.set(p, (served.get(p) ?? 0) + 1);
    }
    // Expected 90 and 30; the bounds are more than four standard deviations wide.
    expect(served.get('off-d')).toBeGreaterThan(70);
    expect(served.get('off-d')).toBeLessThan(110);
    expect((served.get('off-d') ?? 0) + (served.get('off-e') ?? 0)).toBe(120);
    const dry = (await call(f.key, 'split-x', {}, '/v1/chat/completions/dry-run')).json();
    expect((dry.attempts as { provider: string }[]).map((a) => a.provider).sort()).toEqual(['off-d', 'off-e']);
  });

  it('resolves aliases set through the admin API, lists them in /v1/models, and forgets them when removed', async () => {
    expect((await f.admin('PUT', '/api/gateway/aliases', { alias: 'house-model', target: 'off-b/house-1' })).status).toBe(200);
    const res = await call(f.key, 'house-model');
    expect([res.statusCode, res.headers['x-alfred-provider']]).toEqual([200, 'off-b']);
    const models = (await f.t.app.inject({ method: 'GET', url: '/v1/models', headers: f.auth() })).json().data as { id: string; owned_by: string }[];
    expect(models.find((m) => m.id === 'house-model')?.owned_by).toBe('alias of off-b/house-1');
    expect((await f.admin('PUT', '/api/gateway/aliases', { alias: 'house-model', target: null })).status).toBe(200);
    const gone = await call(f.key, 'house-model');
    expect([gone.statusCode, gone.json().error.code]).toEqual([404, 'GATEWAY_MODEL_NOT_FOUND']);
  });
});
