import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

let f: GatewayFixture<TestApp>;
beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  await f.wallet('org', undefined, 100_000_000);
});
afterAll(async () => f.t.close());

const ask = (model: string) =>
  f.t.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: f.auth(), payload: { model, messages: [{ role: 'user', content: 'price me' }] } });

describe('the price table', () => {
  it('lists defaults for well-known models in integer micro-dollars per million tokens', async () => {
    const res = await f.admin('GET', '/api/gateway/pricing');
    const defaults = res.body.defaults as { model: string; inputMicrosPerM: number; outputMicrosPerM: number }[];
    expect(defaults.find((p) => p.model === 'gpt-4o-mini')).toEqual({ model: 'gpt-4o-mini', inputMicrosPerM: 150_000, outputMicrosPerM: 600_000 });
    expect(defaults.length).toBeGreaterThan(10);
    expect(defaults.every((p) => Number.isSafeInteger(p.inputMicrosPerM) && Number.isSafeInteger(p.outputMicrosPerM))).toBe(true);
  });

  it('charges edited prices from the next call on: per model, per provider and model, and the * fallback', async () => {
    const before = await ask('tessera-offline');
    const usage = before.json().usage as { prompt_tokens: number; completion_tokens: number };
    // Default for tessera-1: 1 and 2 dollars per million tokens.
    expect(Number(before.headers['x-alfred-cost-micros'])).toBe(usage.prompt_tokens + 2 * usage.completion_tokens);
    expect((await f.admin('PUT', '/api/gateway/pricing', { model: 'tessera-1', inputMicrosPerM: 3_000_000, outputMicrosPerM: 5_000_000 })).status).toBe(200);
    expect(Number((await ask('tessera-offline')).headers['x-alfred-cost-micros'])).toBe(3 * usage.prompt_tokens + 5 * usage.completion_tokens);
    // A provider-specific price wins over the model's.
    await f.admin('PUT', '/api/gateway/pricing', { model: 'offline/tessera-1', inputMicrosPerM: 7_000_000, outputMicrosPerM: 0 });
    expect(Number((await ask('tessera-offline')).headers['x-alfred-cost-micros'])).toBe(7 * usage.prompt_tokens);
    const dry = await f.t.app.inject({
      method: 'POST',
      url: '/v1/chat/completions/dry-run',
      headers: f.auth(),
      payload: { model: 'tessera-offline', max_tokens: 10, messages: [{ role: 'user', content: 'price me' }] },
    });
    const plan = dry.json<{ attempts: unknown[]; maxCostMicros: number; promptTokensHeld: number }>();
    expect(plan.attempts).toMatchObject([{ price: { input: 7_000_000, output: 0 } }]);
    // The hold sizes the prompt from above (half its UTF-8 bytes), never below what it uses.
    expect(plan.promptTokensHeld).toBeGreaterThanOrEqual(usage.prompt_tokens);
    expect(plan.maxCostMicros).toBe(7 * plan.promptTokensHeld);
    // Unknown models: priced high by default, or at the organization's * price.
    await f.admin('POST', '/api/gateway/routes', {
      name: 'mystery',
      match: { model: 'mystery-model' },
      targets: [{ provider: 'offline', model: 'mystery-9' }],
    });
    expect(Number((await ask('mystery-model')).headers['x-alfred-cost-micros'])).toBe(10 * usage.prompt_tokens + 30 * usage.completion_tokens);
    await f.admin('PUT', '/api/gateway/pricing', { model: '*', inputMicrosPerM: 1_000_000, outputMicrosPerM: 1_000_000 });
    expect(Number((await ask('mystery-model')).headers['x-alfred-cost-micros'])).toBe(usage.prompt_tokens + usage.completion_tokens);
  });
});
