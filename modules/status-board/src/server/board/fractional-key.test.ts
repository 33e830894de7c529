import { describe, expect, it } from 'vitest';
import { isValidKey, keyBetween, spreadKeys } from './fractional-key.ts';

describe('fractional keys', () => {
  it('orders byte-wise between any two keys and never ends in the zero digit', () => {
    let rng = 42;
    const rand = () => (rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const keys: string[] = [keyBetween(null, null)];
    for (let i = 0; i < 2000; i++) {
      const pos = Math.floor(rand() * (keys.length + 1));
      const k = keyBetween(keys[pos - 1] ?? null, keys[pos] ?? null);
      expect(isValidKey(k)).toBe(true);
      if (pos > 0) expect(keys[pos - 1]! < k).toBe(true);
      if (pos < keys.length) expect(k < keys[pos]!).toBe(true);
      keys.splice(pos, 0, k);
    }
    expect([...keys].sort()).toEqual(keys);
  });

  it('keeps appends at the end short', () => {
    let k: string | null = null;
    for (let i = 0; i < 500; i++) k = keyBetween(k, null);
    expect(k!.length).toBeLessThanOrEqual(10);
  });

  it('grows by about one digit per six inserts at the same spot', () => {
    let lo = keyBetween(null, null);
    const hi = keyBetween(lo, null);
    for (let i = 0; i < 60; i++) lo = keyBetween(lo, hi);
    expect(lo.length).toBeLessThanOrEqual(14);
    expect(lo < hi).toBe(true);
  });

  it('refuses keys out of order or with bad digits', () => {
    expect(() => keyBetween('b', 'a')).toThrow();
    expect(() => keyBetween('a', 'a')).toThrow();
    expect(() => keyBetween('a!', null)).toThrow();
    expect(() => keyBetween('a0', null)).toThrow();
  });

  it('spreads fresh keys in ascending order', () => {
    for (const n of [1, 2, 60, 61, 62, 500, 4000]) {
      const keys = spreadKeys(n);
      expect(keys).toHaveLength(n);
      expect(new Set(keys).size).toBe(n);
      expect([...keys].sort()).toEqual(keys);
      expect(keys.every(isValidKey)).toBe(true);
    }
  });
});
