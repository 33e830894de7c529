import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

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
