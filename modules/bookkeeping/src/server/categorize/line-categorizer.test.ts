import { describe, expect, it } from 'vitest';
import { PROFILES } from '../simulate/company-profiles.ts';
import { simulateCompany } from '../simulate/bank-simulator.ts';
import { categorizeLocal } from './categorize-pipeline.ts';
import { CompanyModel } from './company-model.ts';
import { LineCategorizer } from './line-categorizer.ts';
import { RuleSet, type Rule } from './rule-engine.ts';

const BANK = '00000000-0000-4000-8000-000000000001';
const rule = (id: string, conditions: Rule['conditions'], priority = 100): Rule => ({
  id,
  name: id,
  priority,
  conditions,
  accountId: `acc-${id}`,
  enabled: true,
});

function taught(): { model: CompanyModel; lines: ReturnType<typeof simulateCompany> } {
  const profile = PROFILES.find((p) => p.slug === 'hamilton-coffee')!;
  const all = simulateCompany(profile, 5);
  const model = new CompanyModel();
  for (const l of all.filter((x) => x.month <= 3))
    model.learn({ description: l.description, counterparty: '', amountCents: l.amountCents, accountId: l.account });
  return { model, lines: all.filter((x) => x.month > 3) };
}

describe('the memoized categorizer answers exactly what the line-by-line pipeline answers', () => {
  for (const [name, rules] of [
    ['text and sign rules (memoized per text)', [rule('r1', { description: { op: 'contains', value: 'duke' } }), rule('r2', { sign: 'in' }, 200)]],
    [
      'an amount-range rule (evaluated per line)',
      [rule('r3', { amountMinCents: -5000, amountMaxCents: -1000 }), rule('r4', { description: { op: 'regex', value: '^sysco' } }, 50)],
    ],
  ] as const) {
    it(name, () => {
      const { model, lines } = taught();
      const set = new RuleSet(rules);
      const memo = new LineCategorizer(set, model, BANK);
      const subjects = [...lines, ...lines].map((l) => ({ description: l.description, counterparty: '', amountCents: l.amountCents, bankAccountId: BANK }));
      subjects.push(
        { description: 'ZERO', counterparty: '', amountCents: 0n, bankAccountId: BANK },
        { description: 'ZERO', counterparty: '', amountCents: 5n, bankAccountId: BANK },
      );
      let fromRules = 0;
      for (const s of subjects) {
        const got = memo.categorize(s.description, s.counterparty, s.amountCents).cat;
        expect(got).toEqual(categorizeLocal(set, model, s));
        if (got.source === 'rule') fromRules++;
      }
      expect(fromRules).toBeGreaterThan(0);
      expect(fromRules).toBeLessThan(subjects.length);
    });
  }
});
