import { describe, expect, it } from 'vitest';
import type { Rule } from '../../contracts/index.ts';
import { compileRule, ruleProblem, RuleSet, type RuleSubject } from './rule-engine.ts';

const line = (over: Partial<RuleSubject> = {}): RuleSubject => ({
  description: 'CARD PURCHASE ADOBE *CREATIVE',
  counterparty: 'Adobe Inc',
  amountCents: -5499n,
  bankAccountId: 'checking',
  ...over,
});

describe('rule conditions', () => {
  it('matches text by contains, equals and regex on description and counterparty, case-insensitively', () => {
    expect(compileRule({ description: { op: 'contains', value: 'adobe' } })(line())).toBe(true);
    expect(compileRule({ description: { op: 'equals', value: 'card purchase adobe *creative' } })(line())).toBe(true);
    expect(compileRule({ description: { op: 'equals', value: 'card purchase' } })(line())).toBe(false);
    expect(compileRule({ counterparty: { op: 'regex', value: '^adobe\\b' } })(line())).toBe(true);
    expect(compileRule({ counterparty: { op: 'contains', value: 'github' } })(line())).toBe(false);
  });

  it('matches an amount range, a sign and a bank account, all of them together', () => {
    const rule = compileRule({ amountMinCents: -10000, amountMaxCents: -1000, sign: 'out', bankAccountId: 'checking' });
    expect(rule(line())).toBe(true);
    expect(rule(line({ amountCents: -10001n }))).toBe(false);
    expect(rule(line({ amountCents: -999n }))).toBe(false);
    expect(rule(line({ bankAccountId: 'card' }))).toBe(false);
    expect(compileRule({ sign: 'in' })(line())).toBe(false);
    expect(compileRule({ sign: 'in' })(line({ amountCents: 1n }))).toBe(true);
  });

  it('refuses a bad regex, an empty range and a rule without conditions', () => {
    expect(ruleProblem({ description: { op: 'regex', value: '(' } })).toMatch(/invalid regular expression/);
    expect(ruleProblem({ amountMinCents: 100, amountMaxCents: 99 })).toMatch(/above/);
    expect(ruleProblem({})).toMatch(/at least one condition/);
    expect(ruleProblem({ sign: 'out' })).toBeNull();
  });
});

describe('rule priority', () => {
  const rule = (id: string, priority: number, value: string, enabled = true): Rule => ({
    id,
    name: id,
    priority,
    conditions: { description: { op: 'contains', value } },
    accountId: `acct-${id}`,
    enabled,
  });

  it('takes the first matching enabled rule in priority order', () => {
    const set = new RuleSet([rule('broad', 200, 'card'), rule('adobe', 10, 'adobe'), rule('off', 1, 'adobe', false)]);
    expect(set.first(line())?.id).toBe('adobe');
    expect(set.first(line({ description: 'CARD PURCHASE FIGMA' }))?.id).toBe('broad');
    expect(set.first(line({ description: 'TRANSFER' }))).toBeNull();
  });
});
