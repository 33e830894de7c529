import { describe, expect, it } from 'vitest';
import { PROFILES } from './company-profiles.ts';
import { simulateCompany, toBankCsv } from './bank-simulator.ts';
import { evaluateCategorizer } from './evaluate-model.ts';

describe('simulation', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const p = PROFILES[0]!;
    expect(toBankCsv(simulateCompany(p, 42), p.openingCents)).toBe(toBankCsv(simulateCompany(p, 42), p.openingCents));
    expect(toBankCsv(simulateCompany(p, 7), p.openingCents)).not.toBe(toBankCsv(simulateCompany(p, 42), p.openingCents));
  });
  it("writes about the brief's 1,702 lines a year for the five companies, with seasonality", () => {
    const total = PROFILES.reduce((s, p) => s + simulateCompany(p, 42).length, 0);
    expect(total).toBeGreaterThan(1400);
    expect(total).toBeLessThan(2000);
    const coffee = simulateCompany(
      PROFILES.find((p) => p.slug === 'hamilton-coffee')!,
      42,
    ).filter((l) => l.account === '4000');
    const dec = coffee.filter((l) => l.month === 12).length;
    const feb = coffee.filter((l) => l.month === 2).length;
    expect(dec).toBeGreaterThan(feb);
  });
});

describe('held-out evaluation', () => {
  it('reports automated share and precision as fractions with a monotone curve', () => {
    const e = evaluateCategorizer({ seed: 42 });
    expect(Object.keys(e.companies)).toHaveLength(5);
    expect(e.automatedShare).toBeGreaterThan(0);
    expect(e.automatedShare).toBeLessThanOrEqual(1);
    expect(e.precision).toBeLessThanOrEqual(1);
    for (let i = 1; i < e.curve.length; i++) expect(e.curve[i]!.automatedShare).toBeLessThanOrEqual(e.curve[i - 1]!.automatedShare);
    // The target; measured 91.3% at 99.0% with seed 42 at threshold 0.9.
    expect(e.automatedShare).toBeGreaterThanOrEqual(0.8);
    expect(e.precision).toBeGreaterThanOrEqual(0.98);
  });
  it('holds on another seed (no tuning to seed 42)', () => {
    const e = evaluateCategorizer({ seed: 1234 });
    expect(e.automatedShare).toBeGreaterThanOrEqual(0.8);
    expect(e.precision).toBeGreaterThanOrEqual(0.97);
  });
});
