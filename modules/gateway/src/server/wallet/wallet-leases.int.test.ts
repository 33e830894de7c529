import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';
import { WalletLeases } from './wallet-leases.ts';

let f: GatewayFixture<TestApp>;
beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
});
afterAll(async () => f.t.close());

const reservedOf = async (id: string) =>
  Number((await f.t.platform.database.query<{ r: string }>('select reserved_micros::text as r from gateway.wallets where id = $1', [id]))[0]?.r);

describe('wallet leases', () => {
  it('reserves the next block in the background before the held one runs out, and hands back all it holds', async () => {
    const wallet = await f.wallet('org', undefined, 1_000_000);
    const leases = new WalletLeases(f.t.platform.database);
    // The first request reserves a block of 16 requests' worth (160) and takes 10 of it.
    for (let i = 0; i < 12; i++) expect(await leases.reserve(f.org.orgId, [wallet], 10)).toBe(true);
    await leases.idle();
    expect(await reservedOf(wallet)).toBe(160);
    // The 13th leaves 30 (< 4 requests' worth): the next block goes out without a request waiting for it.
    expect(await leases.reserve(f.org.orgId, [wallet], 10)).toBe(true);
    await leases.idle();
    expect(await reservedOf(wallet)).toBe(320);
    const returned = leases.drain();
    expect(returned).toHaveLength(1);
    expect(returned[0]?.reservedMicros).toBe(320 - 13 * 10);
    expect(returned[0]?.chargeMicros).toBe(0);
  });

  it('serves a nearly empty wallet request by request once a block no longer fits', async () => {
    const wallet = await f.wallet('key', await f.keyId(f.key), 35);
    const leases = new WalletLeases(f.t.platform.database);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await leases.reserve(f.org.orgId, [wallet], 10));
    await leases.idle();
    expect(answers).toEqual([true, true, true, false, false]);
    expect(await reservedOf(wallet)).toBe(30);
  });
});
