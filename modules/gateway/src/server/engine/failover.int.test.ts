import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_KEY, startFakeProvider, type FakeProvider } from '../testing/fake-provider-server.ts';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

let f: GatewayFixture<TestApp>;
let primary: FakeProvider;
let backup: FakeProvider;
let walletId: string;
let primaryCalls = 0;
const TOP_UP = 10_000_000;

beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  primary = await startFakeProvider('openai');
  backup = await startFakeProvider('openai-compatible');
  // The primary answers 503 twice, then hangs without answering at all.
  primary.intercept = (_req, res) => {
    primaryCalls++;
    if (primaryCalls <= 2) res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"overloaded"}}');
    return true;
  };
  await f.admin('POST', '/api/gateway/providers', { name: 'primary', kind: 'openai', baseUrl: primary.url, apiKey: GOOD_KEY });
  await f.admin('POST', '/api/gateway/providers', { name: 'backup', kind: 'openai-compatible', baseUrl: backup.url, apiKey: GOOD_KEY });
  const route = await f.admin('POST', '/api/gateway/routes', {
    name: 'ha',
    match: { model: 'gpt-4o-mini' },
    targets: [{ provider: 'primary' }, { provider: 'backup', fallback: true }],
    retries: 1,
    timeoutMs: 300,
  });
  expect(route.status).toBe(201);
  walletId = await f.wallet('org', undefined, TOP_UP);
});
afterAll(async () => {
  await f.t.close();
  await primary.close();
  await backup.close();
});

describe('failover when the primary provider fails and hangs', () => {
  it('serves every call from the fallback and charges each exactly once', async () => {
    const ask = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is the capital of France?' }] };
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await f.t.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: f.auth(), payload: ask }));
    const streamed = await f.t.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: f.auth(), payload: { ...ask, stream: true } });
    results.push(streamed);
    for (const r of results) {
      expect(r.statusCode).toBe(200);
      expect(r.headers['x-alfred-provider']).toBe('backup');
    }
    // 503, retry 503, then fallback; then timeouts (hang) and fallback.
    expect(results[0]?.headers['x-alfred-attempts']).toBe('3');
    expect(results[1]?.headers['x-alfred-attempts']).toBe('2');
    expect(streamed.body).toContain('Paris');

    await f.admin('GET', '/api/gateway/requests');
    const wallet = await f.admin('GET', `/api/gateway/wallets/${walletId}`);
    const ledger = wallet.body.ledger as { kind: string; amount_micros: string; request_id: string }[];
    const charges = ledger.filter((l) => l.kind === 'charge');
    expect(charges).toHaveLength(5);
    expect(new Set(charges.map((c) => c.request_id)).size).toBe(5);
    // gpt-4o-mini: 14 prompt and 7 completion tokens from the fixture = 7 micros each.
    expect(charges.every((c) => c.amount_micros === '-7')).toBe(true);
    expect(wallet.body.reserved_micros).toBe('0');
    expect(wallet.body.balance_micros).toBe(String(TOP_UP - 35));
    expect(wallet.body.ledgerSumMicros).toBe(wallet.body.balance_micros);
  });

  it('opens the breaker on the failing provider so later calls go straight to the fallback', async () => {
    const metrics = await f.t.platform.metrics.registry.metrics();
    expect(metrics).toMatch(/gateway_circuit_breaker_open\{provider="primary",provider_id="[0-9a-f-]+"\} 1/);
    const r = await f.t.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: f.auth(),
      payload: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'again' }] },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-alfred-attempts']).toBe('1');
    expect(r.headers['x-alfred-provider']).toBe('backup');
    expect(metrics).toMatch(/gateway_provider_errors_total\{provider="primary",status="503"\} 2/);
  });
});
