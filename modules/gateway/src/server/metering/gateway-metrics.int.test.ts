import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';
import { GOOD_KEY, startFakeProvider } from '../testing/fake-provider-server.ts';

let f: GatewayFixture<TestApp>;
beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  await f.wallet('org', undefined, 10_000_000);
});
afterAll(async () => f.t.close());

async function scrape(): Promise<string> {
  const res = await f.t.app.inject({ method: 'GET', url: '/metrics', headers: f.auth(f.org.ownerKey) });
  expect(res.statusCode).toBe(200);
  return res.body;
}
const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

describe('gateway Prometheus metrics', () => {
  it('counts requests, tokens and cost per provider and model, summed across scrapes', async () => {
    const call = () =>
      f.t.app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        headers: f.auth(),
        payload: { model: 'tessera-offline', messages: [{ role: 'user', content: 'Count me' }] },
      });
    const first = await call();
    expect(first.statusCode).toBe(200);
    const requests = 'gateway_requests_total{endpoint="v1",provider="offline",model="tessera-offline",status="200"}';
    const prompt = 'gateway_tokens_total{provider="offline",model="tessera-1",kind="prompt"}';
    const cost = 'gateway_cost_micros_total{provider="offline",model="tessera-1"}';
    const one = await scrape();
    expect(value(one, requests)).toBe(1);
    expect(value(one, prompt)).toBe(first.json().usage.prompt_tokens);
    expect(value(one, cost)).toBe(Number(first.headers['x-alfred-cost-micros']));
    await call();
    await call();
    const three = await scrape();
    expect(value(three, requests)).toBe(3);
    expect(value(three, cost)).toBe(3 * Number(first.headers['x-alfred-cost-micros']));
    expect(value(three, 'gateway_request_duration_seconds_count{endpoint="v1"}')).toBe(3);
  });
});

describe('every metric the issue lists', () => {
  it('exposes requests, latency, upstream latency, time to first token, tokens, cost, cache hits, rate limits, provider errors and breaker state', async () => {
    const call = (payload: Record<string, unknown>, key = f.key) =>
      f.t.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: f.auth(key), payload });
    const ask = (content: string) => ({ model: 'tessera-offline', messages: [{ role: 'user', content }] });
    // Streamed: time to first token and upstream time to the stream start.
    expect((await call({ ...ask('stream me please'), stream: true })).statusCode).toBe(200);
    // Cache: a miss, then a hit.
    const cachingKey = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
    await f.admin('PUT', `/api/gateway/keys/${await f.keyId(cachingKey)}`, { guardrails: { cacheTtlSeconds: 60 } });
    await call(ask('cache me'), cachingKey);
    expect((await call(ask('cache me'), cachingKey)).headers['x-alfred-cache']).toBe('hit');
    // A key over its limit.
    const slowKey = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
    await f.admin('PUT', `/api/gateway/keys/${await f.keyId(slowKey)}`, { rpm: 1 });
    await call(ask('one'), slowKey);
    expect((await call(ask('two'), slowKey)).statusCode).toBe(429);
    // A provider that fails until its breaker opens.
    const down = await startFakeProvider('openai');
    down.intercept = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"boom"}}');
      return true;
    };
    try {
      await f.admin('POST', '/api/gateway/providers', { name: 'down', kind: 'openai', baseUrl: down.url, apiKey: GOOD_KEY });
      for (let i = 0; i < 3; i++) expect((await call({ model: 'down/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })).statusCode).toBe(502);
      const skipped = await call({ model: 'down/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
      expect([skipped.statusCode, skipped.json().error.code]).toEqual([503, 'GATEWAY_CIRCUIT_OPEN']);
    } finally {
      await down.close();
    }
    const text = await scrape();
    expect(value(text, 'gateway_requests_total{endpoint="v1",provider="cache",model="tessera-offline",status="200"}')).toBe(1);
    expect(value(text, 'gateway_requests_total{endpoint="v1",provider="none",model="tessera-offline",status="429"}')).toBe(1);
    expect(value(text, 'gateway_requests_total{endpoint="v1",provider="down",model="down/gpt-4o-mini",status="502"}')).toBe(3);
    expect(value(text, 'gateway_requests_total{endpoint="v1",provider="down",model="down/gpt-4o-mini",status="503"}')).toBe(1);
    expect(value(text, 'gateway_upstream_duration_seconds_count{provider="offline"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'gateway_time_to_first_token_seconds_count{provider="offline"}')).toBe(1);
    expect(value(text, 'gateway_tokens_total{provider="offline",model="tessera-1",kind="completion"}')).toBeGreaterThan(0);
    expect(value(text, 'gateway_cost_micros_total{provider="offline",model="tessera-1"}')).toBeGreaterThan(0);
    expect(value(text, 'gateway_cache_lookups_total{result="hit"}')).toBe(1);
    expect(value(text, 'gateway_cache_lookups_total{result="miss"}')).toBe(1);
    expect(value(text, 'gateway_rate_limited_total{limit="key_rpm"}')).toBe(1);
    // Three calls with one retry each: six 500s (the fifth opened the breaker, the fourth call skipped it).
    expect(value(text, 'gateway_provider_errors_total{provider="down",status="500"}')).toBe(6);
    expect(text).toMatch(/^gateway_circuit_breaker_open\{provider="down",provider_id="[0-9a-f-]{36}"\} 1$/m);
  });
});
