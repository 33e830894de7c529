import { isAppError } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { retryAfterMsOf } from '../providers/http-client.ts';
import { ProviderError, type ProviderTarget } from '../providers/provider-types.ts';
import { CircuitBreakers, MAX_RETRY_WAIT_MS, runWithFailover } from './failover-executor.ts';
import type { Plan } from './model-resolver.ts';

const target = (name: string): ProviderTarget => ({ id: `id-${name}`, name, kind: 'openai', baseUrl: 'http://x', apiKey: 'k', config: {} });
const plan = (names: string[], retries: number): Plan => ({
  model: 'm',
  route: 'r',
  attempts: names.map((n) => ({ provider: target(n), model: 'm' })),
  retries,
  timeoutMs: 1000,
});

describe('retries honour the provider Retry-After', () => {
  it('does not call a provider again before a long Retry-After; the client gets that Retry-After', async () => {
    const calls: number[] = [];
    const started = performance.now();
    const err = await runWithFailover(plan(['only'], 3), new CircuitBreakers(), async () => {
      calls.push(performance.now());
      throw new ProviderError('slow down', 429, 'http', 30_000);
    }).catch((e: unknown) => e);
    expect(calls).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(500);
    expect(isAppError(err) && err.code).toBe('GATEWAY_PROVIDER_RATE_LIMITED');
    expect(isAppError(err) && err.headers['retry-after']).toBe('30');
  });

  it('waits out a short Retry-After in full before the retry (not a shorter backoff)', async () => {
    const calls: number[] = [];
    const result = await runWithFailover(plan(['only'], 2), new CircuitBreakers(), async () => {
      calls.push(performance.now());
      if (calls.length === 1) throw new ProviderError('busy', 503, 'http', 400);
      return 'ok';
    });
    expect(result.value).toBe('ok');
    expect(calls).toHaveLength(2);
    expect((calls[1] ?? 0) - (calls[0] ?? 0)).toBeGreaterThanOrEqual(390);
    expect(result.log.map((l) => l.status)).toEqual([503, 200]);
  });

  it('falls back at once when the primary answers 503 with a Retry-After beyond the wait limit', async () => {
    const seen: string[] = [];
    const result = await runWithFailover(plan(['primary', 'backup'], 3), new CircuitBreakers(), async (a) => {
      seen.push(a.provider.name);
      if (a.provider.name === 'primary') throw new ProviderError('maintenance', 503, 'http', MAX_RETRY_WAIT_MS + 1000);
      return 'served';
    });
    expect(seen).toEqual(['primary', 'backup']);
    expect(result.attempt.provider.name).toBe('backup');
  });

  it('passes an overloaded provider Retry-After on with the 502', async () => {
    const err = await runWithFailover(plan(['only'], 0), new CircuitBreakers(), async () => {
      throw new ProviderError('overloaded', 503, 'http', 10_000);
    }).catch((e: unknown) => e);
    expect(isAppError(err) && [err.code, err.headers['retry-after']]).toEqual(['GATEWAY_PROVIDER_ERROR', '10']);
  });

  it('reads Retry-After as seconds, as an HTTP date and as retry-after-ms', () => {
    const now = Date.parse('2026-11-24T01:00:00Z');
    expect(retryAfterMsOf({ 'retry-after': '7' }, now)).toBe(7000);
    expect(retryAfterMsOf({ 'retry-after': 'Tue, 24 Nov 2026 01:00:20 GMT' }, now)).toBe(20_000);
    expect(retryAfterMsOf({ 'retry-after-ms': '250', 'retry-after': '1' }, now)).toBe(250);
    expect(retryAfterMsOf({ 'retry-after': 'soon' }, now)).toBeNull();
    expect(retryAfterMsOf({}, now)).toBeNull();
  });
});

describe('per-provider circuit breaker', () => {
  it('opens after five failures, probes once after the pause, and closes when the probe is refused with a 400', async () => {
    let now = 1_000_000;
    const breakers = new CircuitBreakers(() => now);
    const changes: string[] = [];
    breakers.onChange = (_id, name, open) => changes.push(`${name}:${open ? 'open' : 'closed'}`);
    for (let i = 0; i < 5; i++) breakers.failure('id-p', 'p');
    expect(changes).toEqual(['p:open']);
    expect(breakers.allow('id-p')).toBe(false);
    now += 30_001;
    // The one probe gets a client error: the provider is up, so the breaker must not stay half-open.
    const err = await runWithFailover(plan(['p'], 0), breakers, async () => {
      throw new ProviderError('bad temperature', 400, 'http');
    }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('GATEWAY_UPSTREAM_REJECTED');
    expect(changes).toEqual(['p:open', 'p:closed']);
    expect(breakers.allow('id-p')).toBe(true);
    expect(breakers.allow('id-p')).toBe(true);
  });

  it('lets only one probe through while half-open and reopens when it fails', () => {
    let now = 0;
    const breakers = new CircuitBreakers(() => now);
    for (let i = 0; i < 5; i++) breakers.failure('id-p', 'p');
    now += 30_001;
    expect(breakers.allow('id-p')).toBe(true);
    expect(breakers.allow('id-p')).toBe(false);
    breakers.failure('id-p', 'p');
    expect(breakers.allow('id-p')).toBe(false);
    expect(breakers.isOpen('id-p')).toBe(true);
  });
});
