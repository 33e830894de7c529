import { describe, expect, it } from 'vitest';
import type { ProviderTarget } from '../providers/provider-types.ts';
import { resolveModel } from './model-resolver.ts';
import type { OrgConfig } from './org-config.ts';
import { OFFLINE_TARGET } from './org-config.ts';
import { costMicros, findPrice, holdPrice } from './pricing.ts';
import { estimatePromptTokens, IMAGE_TOKENS } from './token-estimator.ts';

const p = (name: string, kind: ProviderTarget['kind']): ProviderTarget => ({ id: name, name, kind, baseUrl: 'http://x', apiKey: 'k', config: {} });
const providers = [p('oai', 'openai'), p('claude', 'anthropic'), p('az', 'azure'), OFFLINE_TARGET];
const config = (routes: OrgConfig['routes'] = []): OrgConfig => ({
  providers,
  byName: new Map(providers.map((x) => [x.name, x])),
  routes,
  aliases: new Map([['fast', 'claude/claude-3-5-haiku-latest']]),
  prices: new Map([['tessera-1', { input: 5, output: 7 }]]),
  limits: { ipRpm: null, ipTpm: null },
});
const ctx = { apiKeyId: 'key-1', teamId: 'team-1', metadata: { env: 'prod' } };

describe('model resolution', () => {
  it('is deterministic: explicit provider/model, aliases, then ordered patterns against providers in order', () => {
    expect(resolveModel(config(), 'az/gpt-4o', ctx).attempts.map((a) => [a.provider.name, a.model])).toEqual([['az', 'gpt-4o']]);
    expect(resolveModel(config(), 'fast', ctx).attempts.map((a) => [a.provider.name, a.model])).toEqual([['claude', 'claude-3-5-haiku-latest']]);
    expect(resolveModel(config(), 'gpt-4o-mini', ctx).attempts[0]?.provider.name).toBe('oai');
    expect(resolveModel(config(), 'claude-sonnet-4-5', ctx).attempts[0]?.provider.name).toBe('claude');
    expect(resolveModel(config(), 'tessera-offline', ctx).attempts[0]?.provider.kind).toBe('offline');
    expect(() => resolveModel(config(), 'mystery-model', ctx)).toThrow(/No provider serves/);
  });

  it('routes by conditions with a weighted primary and fallbacks after it', () => {
    const routes: OrgConfig['routes'] = [
      { name: 'other-team', match: { model: 'gpt-*', teamIds: ['team-2'] }, targets: [{ provider: 'claude' }], fallbacks: [], retries: 0, timeoutMs: 1000 },
      {
        name: 'prod',
        match: { model: 'gpt-*', metadata: { env: 'prod' } },
        targets: [
          { provider: 'oai', weight: 1 },
          { provider: 'az', weight: 3 },
        ],
        fallbacks: [{ provider: 'offline', model: 'tessera-1' }],
        retries: 2,
        timeoutMs: 1000,
      },
    ];
    const low = resolveModel(config(routes), 'gpt-4o', { ...ctx, random: () => 0.1 });
    expect(low.route).toBe('prod');
    expect(low.attempts.map((a) => a.provider.name)).toEqual(['oai', 'az', 'offline']);
    const high = resolveModel(config(routes), 'gpt-4o', { ...ctx, random: () => 0.9 });
    expect(high.attempts.map((a) => a.provider.name)).toEqual(['az', 'oai', 'offline']);
    expect(resolveModel(config(routes), 'gpt-4o', { ...ctx, metadata: {} }).route).toBeNull();
  });

  it('prices in integer micros per million tokens and rounds cost up', () => {
    expect(costMicros(findPrice(new Map(), 'oai', 'gpt-4o-mini'), 14, 7)).toBe(7);
    expect(costMicros({ input: 1, output: 1 }, 1, 0)).toBe(1);
    expect(costMicros({ input: 0, output: 0 }, 100, 100)).toBe(0);
    expect(findPrice(config().prices, 'offline', 'tessera-1')).toEqual({ input: 5, output: 7 });
    // Cache reads and writes, parts of the prompt, at their own prices; without them the input price.
    const sonnet = findPrice(new Map(), 'claude', 'claude-sonnet-4-5');
    expect(costMicros(sonnet, 1034, 7, { cached_tokens: 1000, cache_creation_tokens: 20 })).toBe(522);
    expect(costMicros({ input: 3_000_000, output: 0 }, 1034, 0, { cached_tokens: 1000 })).toBe(3102);
    // A hold prices the prompt as if all of it were written to the cache, the dearest way.
    expect(holdPrice(sonnet)).toEqual({ input: 3_750_000, output: 15_000_000 });
    expect(holdPrice({ input: 1, output: 2 })).toEqual({ input: 1, output: 2 });
    expect(estimatePromptTokens({ messages: [{ role: 'user', content: 'abcdefgh' }] })).toBe(9);
    // An image is not free in a budget hold.
    const withImage = [
      { type: 'text' as const, text: 'abcdefgh' },
      { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,AAAA' } },
    ];
    expect(estimatePromptTokens({ messages: [{ role: 'user', content: withImage }] })).toBe(9 + IMAGE_TOKENS);
  });
});
