import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';
import { awayFromMinuteBoundary } from '../testing/rate-window.ts';
import { GOOD_KEY, startFakeProvider, type FakeProvider } from '../testing/fake-provider-server.ts';
import { DEFAULT_MAX_OUTPUT } from './gateway-service.ts';

let f: GatewayFixture<TestApp>;
let openai: FakeProvider;
let mistral: FakeProvider;

beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  openai = await startFakeProvider('openai');
  mistral = await startFakeProvider('mistral');
  expect((await f.admin('POST', '/api/gateway/providers', { name: 'oai', kind: 'openai', baseUrl: openai.url, apiKey: GOOD_KEY })).status).toBe(201);
  expect((await f.admin('POST', '/api/gateway/providers', { name: 'mis', kind: 'mistral', baseUrl: mistral.url, apiKey: GOOD_KEY })).status).toBe(201);
});
afterAll(async () => {
  await f.t.close();
  await openai.close();
  await mistral.close();
});

const ask = [{ role: 'user', content: 'What is the capital of France?' }];
const chat = (payload: Record<string, unknown>, key = f.key) => f.t.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: f.auth(key), payload });

describe('a hard budget bounds the output it pays for', () => {
  it('caps a budgeted call without max_tokens at the output it reserved, under the name each provider reads', async () => {
    await f.wallet('org', undefined, 50_000_000);
    expect((await chat({ model: 'oai/gpt-4o-mini', messages: ask })).statusCode).toBe(200);
    expect(openai.requests.at(-1)?.body).toMatchObject({ max_completion_tokens: DEFAULT_MAX_OUTPUT });
    expect(openai.requests.at(-1)?.body).not.toHaveProperty('max_tokens');
    expect((await chat({ model: 'mis/mistral-small-latest', messages: ask, stream: true })).statusCode).toBe(200);
    // Mistral does not know max_completion_tokens: it gets max_tokens.
    expect(mistral.requests.at(-1)?.body).toMatchObject({ max_tokens: DEFAULT_MAX_OUTPUT });
    expect(mistral.requests.at(-1)?.body).not.toHaveProperty('max_completion_tokens');
    // What the client asked for is sent unchanged.
    expect((await chat({ model: 'oai/gpt-4o-mini', messages: ask, max_tokens: 77 })).statusCode).toBe(200);
    expect(openai.requests.at(-1)?.body).toMatchObject({ max_tokens: 77 });
    expect(openai.requests.at(-1)?.body).not.toHaveProperty('max_completion_tokens');
  });

  it('counts what a call charged above its hold (a prompt larger than estimated) in a metric', async () => {
    // "hi" is estimated at 8 prompt tokens; the provider reports 14: 6 micros held, 7 charged.
    const res = await chat({ model: 'oai/gpt-4o-mini', max_tokens: 7, messages: [{ role: 'user', content: 'hi' }] });
    expect([res.statusCode, res.headers['x-alfred-cost-micros']]).toEqual([200, '7']);
    const metrics = await f.t.platform.metrics.registry.metrics();
    expect(metrics).toMatch(/^gateway_budget_overrun_micros_total 1$/m);
  });

  it('leaves the output uncapped when no wallet limits the key', async () => {
    const other = await f.t.createOrg();
    const key = await f.t.createKey(other.orgId, 'member', ['gateway:invoke']);
    const p = await f.t.app.inject({
      method: 'POST',
      url: '/api/gateway/providers',
      headers: f.auth(other.ownerKey),
      payload: { name: 'oai', kind: 'openai', baseUrl: openai.url, apiKey: GOOD_KEY },
    });
    expect(p.statusCode).toBe(201);
    expect((await chat({ model: 'oai/gpt-4o-mini', messages: ask }, key)).statusCode).toBe(200);
    expect(openai.requests.at(-1)?.body).not.toHaveProperty('max_completion_tokens');
    expect(openai.requests.at(-1)?.body).not.toHaveProperty('max_tokens');
  });
});

describe('tokens per minute count what calls used', () => {
  it('gives back the unused part of max output, so small calls are not refused on the 4096-token hold', async () => {
    await awayFromMinuteBoundary();
    const key = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
    expect((await f.admin('PUT', `/api/gateway/keys/${await f.keyId(key)}`, { tpm: 10_000 })).status).toBe(200);
    // Each call holds its prompt plus 4096 output tokens and uses about 20: without the give-back
    // the third call would already be refused.
    let used = 0;
    for (let i = 0; i < 8; i++) {
      const res = await chat({ model: 'tessera-offline', messages: [{ role: 'user', content: `small call ${i}` }] }, key);
      expect(res.statusCode).toBe(200);
      used += (res.json().usage as { total_tokens: number }).total_tokens;
    }
    expect(used).toBeLessThan(1000);
    // The limit still binds: a call holding 9,998 tokens (8 prompt + 9,990 output) fits an empty
    // minute but not one where the small calls used some.
    const big = await chat({ model: 'tessera-offline', max_tokens: 9_990, messages: [{ role: 'user', content: 'big' }] }, key);
    expect(big.statusCode).toBe(429);
    expect(big.json().error.code).toBe('GATEWAY_RATE_LIMITED');
    expect(Number(big.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('gives back the tokens of a call the wallet refused, so a top-up is not met by a full TPM window', async () => {
    await awayFromMinuteBoundary();
    const key = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
    const keyId = await f.keyId(key);
    expect((await f.admin('PUT', `/api/gateway/keys/${keyId}`, { tpm: 10_000 })).status).toBe(200);
    const walletId = await f.wallet('key', keyId, 0);
    // Each refused call held about 4,100 tokens: without the give-back the third would be 429, not 402.
    for (let i = 0; i < 4; i++)
      expect((await chat({ model: 'tessera-offline', messages: [{ role: 'user', content: `refused ${i}` }] }, key)).statusCode).toBe(402);
    await f.admin('POST', `/api/gateway/wallets/${walletId}/top-ups`, { amountMicros: 1_000_000 });
    expect((await chat({ model: 'tessera-offline', messages: [{ role: 'user', content: 'after the top-up' }] }, key)).statusCode).toBe(200);
  });
});
