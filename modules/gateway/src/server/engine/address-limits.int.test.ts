import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';
import { awayFromMinuteBoundary } from '../testing/rate-window.ts';

let f: GatewayFixture<TestApp>;
beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
});
afterAll(async () => f.t.close());

// Every inject comes from 127.0.0.1: one client address.
const chat = (key: string, content: string, extra: Record<string, unknown> = {}) =>
  f.t.app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers: f.auth(key),
    payload: { model: 'tessera-offline', messages: [{ role: 'user', content }], ...extra },
  });

describe('limits per client address', () => {
  it('counts requests per minute from one address across keys, per organization', async () => {
    await awayFromMinuteBoundary();
    expect((await f.admin('GET', '/api/gateway/limits')).body).toMatchObject({ ipRpm: null, ipTpm: null, effectiveIpRpm: 6000, effectiveIpTpm: null });
    const put = await f.admin('PUT', '/api/gateway/limits', { ipRpm: 3 });
    expect([put.status, put.body.ipRpm, put.body.effectiveIpRpm]).toEqual([200, 3, 3]);
    const second = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
    const statuses = [];
    for (const [i, key] of [f.key, second, f.key, second].entries()) statuses.push((await chat(key, `ip ${i}`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await chat(second, 'again');
    expect(refused.json().error).toMatchObject({ code: 'GATEWAY_RATE_LIMITED', message: expect.stringMatching(/ip rpm 3/) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another tenant behind the same address has its own count.
    const other = await f.t.createOrg();
    const otherKey = await f.t.createKey(other.orgId, 'member', ['gateway:invoke']);
    expect((await chat(otherKey, 'other tenant')).statusCode).toBe(200);
    // null restores the default.
    expect((await f.admin('PUT', '/api/gateway/limits', { ipRpm: null })).body.effectiveIpRpm).toBe(6000);
    expect((await chat(second, 'default again')).statusCode).toBe(200);
  });

  it('counts tokens per minute from one address on what calls used', async () => {
    await awayFromMinuteBoundary();
    expect((await f.admin('PUT', '/api/gateway/limits', { ipTpm: 6000 })).status).toBe(200);
    const key = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
    // Each holds its prompt plus 4096 output tokens and gives back what it did not use.
    for (let i = 0; i < 4; i++) expect((await chat(key, `tokens ${i}`)).statusCode).toBe(200);
    const big = await chat(key, 'big', { max_tokens: 5990 });
    expect(big.statusCode).toBe(429);
    expect(big.json().error.message).toMatch(/ip tpm 6000/);
    const rejected = await f.admin('PUT', '/api/gateway/limits', { ipTpm: -5 });
    expect(rejected.status).toBe(400);
  });
});
