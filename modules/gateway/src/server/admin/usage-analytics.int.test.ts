import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

let f: GatewayFixture<TestApp>;
beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
});
afterAll(async () => f.t.close());

interface UsageRow {
  bucket: string;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costMicros: string;
}

const chat = (key: string, model: string, content: string, stream = false) =>
  f.t.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: f.auth(key), payload: { model, stream, messages: [{ role: 'user', content }] } });

describe('usage analytics', () => {
  it('sums spend and tokens by key, team, model, provider and day, streamed calls included, to the micro', async () => {
    const team = await f.admin('POST', '/api/gateway/teams', { name: 'Search' });
    expect(team.status).toBe(201);
    const teamId = team.body.id as string;
    const inTeam = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
    const inTeamId = await f.keyId(inTeam);
    expect((await f.admin('PUT', `/api/gateway/keys/${inTeamId}`, { teamId })).status).toBe(200);
    const loneId = await f.keyId(f.key);

    const spent = new Map<string, number>();
    const add = (bucket: string, micros: number) => spent.set(bucket, (spent.get(bucket) ?? 0) + micros);
    for (const [key, keyId, model, content, stream] of [
      [inTeam, inTeamId, 'tessera-offline', 'first question about search', false],
      [inTeam, inTeamId, 'offline/tessera-1', 'second question about search', false],
      [f.key, loneId, 'tessera-offline', 'a lone question', false],
    ] as const) {
      const res = await chat(key, model, content, stream);
      expect(res.statusCode).toBe(200);
      const micros = Number(res.headers['x-alfred-cost-micros']);
      expect(micros).toBeGreaterThan(0);
      add(`key:${keyId}`, micros);
      add(`team:${key === inTeam ? teamId : 'none'}`, micros);
      add(`model:${model}`, micros);
    }
    // A streamed call has no cost header: its cost is what the same call unstreamed costs.
    const plainTwin = await chat(f.key, 'tessera-offline', 'streamed twin');
    const streamed = await chat(f.key, 'tessera-offline', 'streamed twin', true);
    expect(streamed.statusCode).toBe(200);
    const twin = Number(plainTwin.headers['x-alfred-cost-micros']);
    for (let i = 0; i < 2; i++) {
      add(`key:${loneId}`, twin);
      add('team:none', twin);
      add('model:tessera-offline', twin);
    }
    const total = [...spent].filter(([k]) => k.startsWith('key:')).reduce((s, [, v]) => s + v, 0);

    const usage = async (by: string) => {
      const res = await f.admin('GET', `/api/gateway/usage?by=${by}`);
      expect(res.status).toBe(200);
      return res.body.rows as UsageRow[];
    };
    const byKey = await usage('key');
    expect(Object.fromEntries(byKey.map((r) => [`key:${r.bucket}`, Number(r.costMicros)]))).toEqual({
      [`key:${inTeamId}`]: spent.get(`key:${inTeamId}`),
      [`key:${loneId}`]: spent.get(`key:${loneId}`),
    });
    const byTeam = await usage('team');
    expect(Object.fromEntries(byTeam.map((r) => [`team:${r.bucket}`, Number(r.costMicros)]))).toEqual({
      [`team:${teamId}`]: spent.get(`team:${teamId}`),
      'team:none': spent.get('team:none'),
    });
    const byModel = await usage('model');
    expect(Object.fromEntries(byModel.map((r) => [`model:${r.bucket}`, Number(r.costMicros)]))).toEqual({
      'model:offline/tessera-1': spent.get('model:offline/tessera-1'),
      'model:tessera-offline': spent.get('model:tessera-offline'),
    });
    const byProvider = await usage('provider');
    expect(byProvider.map((r) => [r.bucket, r.requests, Number(r.costMicros)])).toEqual([['offline', 5, total]]);
    const byDay = await usage('day');
    expect(byDay).toHaveLength(1);
    expect(byDay[0]).toMatchObject({ bucket: new Date().toISOString().slice(0, 10), requests: 5, errors: 0 });
    expect(Number(byDay[0]?.costMicros)).toBe(total);
    expect(byDay[0]?.promptTokens).toBeGreaterThan(0);
    expect(byDay[0]?.completionTokens).toBeGreaterThan(0);
  });

  it('lists recent requests newest first past the tenth row', async () => {
    for (let i = 0; i < 8; i++) expect((await chat(f.key, 'tessera-offline', `filler ${i}`)).statusCode).toBe(200);
    const rows = (await f.admin('GET', '/api/gateway/requests?limit=20')).body as unknown as { id: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(13);
    const ids = rows.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('lists a wallet ledger newest first past the tenth row', async () => {
    const walletId = await f.wallet('key', await f.keyId(f.key), 1_000_000);
    for (let i = 0; i < 11; i++) expect((await chat(f.key, 'tessera-offline', `ledger ${i}`)).statusCode).toBe(200);
    const w = await f.admin('GET', `/api/gateway/wallets/${walletId}`);
    const ids = (w.body.ledger as { id: string }[]).map((l) => Number(l.id));
    expect(ids.length).toBe(12);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});
