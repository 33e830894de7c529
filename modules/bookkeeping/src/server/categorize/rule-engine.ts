import type { Rule, RuleConditions } from '../../contracts/index.ts';
import { MAX_REGEX_SUBJECT, unsafeRegexReason } from './safe-regex.ts';

export { RuleConditionsSchema, type Rule, type RuleConditions } from '../../contracts/index.ts';

export interface RuleSubject {
  description: string;
  counterparty: string;
  amountCents: bigint;
  bankAccountId: string;
}

type Matcher = (s: RuleSubject) => boolean;

/** Returns an error text when the conditions cannot work (bad regex, empty range, no condition at all). */
export function ruleProblem(c: RuleConditions): string | null {
  for (const t of [c.description, c.counterparty]) {
    if (t?.op === 'regex') {
      try {
        new RegExp(t.value, 'i');
      } catch (e) {
        return `invalid regular expression: ${(e as Error).message}`;
      }
    }
  }
  if (c.amountMinCents !== undefined && c.amountMaxCents !== undefined && c.amountMinCents > c.amountMaxCents) return 'amountMinCents is above amountMaxCents';
  if (!c.description && !c.counterparty && c.amountMinCents === undefined && c.amountMaxCents === undefined && !c.sign && !c.bankAccountId)
    return 'a rule needs at least one condition';
  return null;
}

function textMatcher(field: 'description' | 'counterparty', t: { op: string; value: string }): Matcher {
  const v = t.value.toLowerCase();
  if (t.op === 'contains') return (s) => s[field].toLowerCase().includes(v);
  if (t.op === 'equals') return (s) => s[field].trim().toLowerCase() === v.trim();
  // a rule stored before patterns were checked may hold one that can hang the import: it matches nothing
  if (unsafeRegexReason(t.value)) return () => false;
  const re = new RegExp(t.value, 'i');
  return (s) => re.test(s[field].slice(0, MAX_REGEX_SUBJECT));
}

export function compileRule(c: RuleConditions): Matcher {
  const parts: Matcher[] = [];
  if (c.description) parts.push(textMatcher('description', c.description));
  if (c.counterparty) parts.push(textMatcher('counterparty', c.counterparty));
  if (c.amountMinCents !== undefined) {
    const min = BigInt(c.amountMinCents);
    parts.push((s) => s.amountCents >= min);
  }
  if (c.amountMaxCents !== undefined) {
    const max = BigInt(c.amountMaxCents);
    parts.push((s) => s.amountCents <= max);
  }
  if (c.sign) parts.push(c.sign === 'in' ? (s) => s.amountCents > 0n : (s) => s.amountCents < 0n);
  if (c.bankAccountId) {
    const id = c.bankAccountId;
    parts.push((s) => s.bankAccountId === id);
  }
  return (s) => parts.every((p) => p(s));
}

/** Enabled rules in priority order (lower number first); the first match wins. */
export class RuleSet {
  private readonly compiled: { rule: Rule; match: Matcher }[];
  /** False when every answer depends only on text, sign and bank account (so it can be memoized per text). */
  readonly usesAmountRange: boolean;
  constructor(rules: readonly Rule[]) {
    this.compiled = rules
      .filter((r) => r.enabled)
      .sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id))
      .map((rule) => ({ rule, match: compileRule(rule.conditions) }));
    this.usesAmountRange = this.compiled.some((c) => c.rule.conditions.amountMinCents !== undefined || c.rule.conditions.amountMaxCents !== undefined);
  }
  first(s: RuleSubject): Rule | null {
    for (const c of this.compiled) if (c.match(s)) return c.rule;
    return null;
  }
}
