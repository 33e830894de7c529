import { describe, expect, it } from 'vitest';
import { generateProfiles } from './trader-profiles.ts';

describe('synthetic trader profiles', () => {
  const profiles = generateProfiles(40);

  it('are deterministic for a seed and differ across seeds', () => {
    expect(generateProfiles(40)).toEqual(profiles);
    expect(generateProfiles(40, 7)).not.toEqual(profiles);
  });

  it('are diverse: every appetite, frequency, strategy and cost method appears, sizes span three orders of magnitude', () => {
    const count = <T>(xs: T[]) => new Map(xs.map((x) => [x, xs.filter((y) => y === x).length]));
    const appetites = count(profiles.map((p) => p.riskAppetite));
    expect(appetites.size).toBe(3);
    for (const n of appetites.values()) expect(n).toBeGreaterThanOrEqual(10);
    expect(new Set(profiles.map((p) => p.frequency)).size).toBe(4);
    expect(new Set(profiles.flatMap((p) => p.strategies))).toEqual(new Set(['dca', 'ma_crossover', 'manual']));
    expect(new Set(profiles.map((p) => p.costMethod)).size).toBe(4);
    const sizes = profiles.map((p) => p.portfolioSize);
    expect(Math.max(...sizes) / Math.min(...sizes)).toBeGreaterThan(1000);
    expect(new Set(profiles.map((p) => p.assets.join())).size).toBeGreaterThan(10);
    expect(new Set(profiles.map((p) => p.name)).size).toBeGreaterThan(20);
  });

  it('are internally consistent: aggressive traders take more risk than cautious ones of similar size', () => {
    for (const p of profiles) {
      const ratio = Number(p.limits.maxPositionNotional) / p.portfolioSize;
      if (p.riskAppetite === 'cautious') expect(ratio).toBeLessThan(0.2);
      if (p.riskAppetite === 'aggressive') expect(ratio).toBeGreaterThan(0.5);
      expect(p.assets.length).toBeGreaterThan(0);
      if (p.riskAppetite === 'cautious') expect(p.assets).toContain('BTC');
    }
  });
});
