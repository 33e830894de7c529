import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_MEMORY_BYTES, ResponseCache } from './response-cache.ts';

afterEach(() => vi.restoreAllMocks());

describe('in-memory response cache', () => {
  it('serves an entry until its TTL runs out, then misses and forgets it', async () => {
    let now = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const cache = new ResponseCache(null);
    const key = cache.keyOf('org-1', 'key-1', 'tessera-offline', { messages: [] });
    await cache.set(key, '{"answer":1}', 60);
    now += 59_999;
    expect(await cache.get(key)).toBe('{"answer":1}');
    now += 1;
    expect(await cache.get(key)).toBeNull();
    expect(await cache.statsOf('org-1')).toEqual({ hits: 1, misses: 1 });
  });

  it('names the organization, key, model and every parameter of the body in the key', () => {
    const cache = new ResponseCache(null);
    const body = { messages: [{ role: 'user', content: 'x' }], temperature: 0 };
    const base = cache.keyOf('org-1', 'key-1', 'm', body);
    expect(cache.keyOf('org-1', 'key-1', 'm', { ...body })).toBe(base);
    for (const other of [
      cache.keyOf('org-2', 'key-1', 'm', body),
      cache.keyOf('org-1', 'key-2', 'm', body),
      cache.keyOf('org-1', null, 'm', body),
      cache.keyOf('org-1', 'key-1', 'n', body),
      cache.keyOf('org-1', 'key-1', 'm', { ...body, temperature: 1 }),
      cache.keyOf('org-1', 'key-1', 'm', { ...body, tools: [] }),
    ])
      expect(other).not.toBe(base);
  });

  it('bounds the memory it holds by size, dropping the oldest answers first', async () => {
    const cache = new ResponseCache(null);
    const big = 'x'.repeat(MAX_MEMORY_BYTES / 2 / 4); // a quarter of the budget each
    const keys = Array.from({ length: 6 }, (_, i) => cache.keyOf('org-1', 'key-1', 'm', { i }));
    for (const k of keys) await cache.set(k, big, 60);
    expect(cache.memoryBytes).toBeLessThanOrEqual(MAX_MEMORY_BYTES);
    expect(await cache.get(keys[0]!)).toBeNull();
    expect(await cache.get(keys[5]!)).toBe(big);
    // An answer larger than the whole budget is not cached at all; a flush gives the memory back.
    await cache.set(cache.keyOf('org-1', 'key-1', 'm', { huge: true }), 'y'.repeat(MAX_MEMORY_BYTES), 60);
    expect(cache.memoryBytes).toBeLessThanOrEqual(MAX_MEMORY_BYTES);
    await cache.flush('org-1');
    expect(cache.memoryBytes).toBe(0);
  });
});
