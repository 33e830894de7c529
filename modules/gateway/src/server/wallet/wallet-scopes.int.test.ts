import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

let f: GatewayFixture<TestApp>;
beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
});
afterAll(async () => f.t.close());

interface Wallet {
  balance_micros: string;
  reserved_micros: string;
  ledgerSumMicros: string;
  ledger: { kind: string; amount_micros: string; request_id: string | null }[];
}

describe('organization, team and key wallets together', () => {
  it('charges every wallet that applies, and the emptiest one (the team) refuses with 402 for all of them', async () => {
    const team = (await f.admin('POST', '/api/gateway/teams', { name: 'Research' })).body.id as string;
    const key = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
    const keyId = await f.keyId(key);
    await f.admin('PUT', `/api/gateway/keys/${keyId}`, { teamId: team });
    const orgWallet = await f.wallet('org', undefined, 10_000_000);
    const teamWallet = await f.wallet('team', team, 3_000);
    const keyWallet = await f.wallet('key', keyId, 1_000_000);
    const payload = { model: 'tessera-offline', max_tokens: 100, messages: [{ role: 'user', content: 'team budget' }] };
    const statuses: number[] = [];
    for (let i = 0; i < 40 && statuses.at(-1) !== 402; i++)
      statuses.push((await f.t.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: f.auth(key), payload })).statusCode);
    expect(statuses.at(-1)).toBe(402);
    const ok = statuses.filter((s) => s === 200).length;
    expect(ok).toBeGreaterThan(5);
    // Another key of the organization (no team) still spends from the organization wallet.
    expect((await f.t.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: f.auth(), payload })).statusCode).toBe(200);

    await f.admin('GET', '/api/gateway/requests');
    const read = async (id: string) => (await f.admin('GET', `/api/gateway/wallets/${id}`)).body as unknown as Wallet;
    const [o, t, k] = [await read(orgWallet), await read(teamWallet), await read(keyWallet)];
    const charges = (w: Wallet) => w.ledger.filter((l) => l.kind === 'charge');
    const spent = (w: Wallet) => charges(w).reduce((s, l) => s - Number(l.amount_micros), 0);
    // The team and key wallets saw exactly the team key's calls; the organization wallet those and one more.
    expect(charges(t)).toHaveLength(ok);
    expect(charges(k)).toHaveLength(ok);
    expect(charges(o)).toHaveLength(ok + 1);
    expect(spent(k)).toBe(spent(t));
    expect(Number(t.balance_micros)).toBeGreaterThanOrEqual(0);
    expect(Number(t.balance_micros)).toBe(3_000 - spent(t));
    for (const w of [o, t, k]) {
      expect(w.reserved_micros).toBe('0');
      expect(w.ledgerSumMicros).toBe(w.balance_micros);
    }
  });
});
