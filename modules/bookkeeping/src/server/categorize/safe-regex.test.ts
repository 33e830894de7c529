import { describe, expect, it } from 'vitest';
import { compileRule } from './rule-engine.ts';
import { unsafeRegexReason } from './safe-regex.ts';

describe('unsafeRegexReason', () => {
  it('refuses shapes that backtrack catastrophically', () => {
    for (const p of [
      '(a+)+',
      '(a*)*',
      '(a|a)*',
      '(a|ab)+',
      '([a-z]+\\d?)*',
      '(?:x{2,})+',
      '(a+){2,5}',
      '(x)\\1',
      '(?<n>x)\\k<n>',
      '.*a.*b.*c.*d.*e',
      '\\w+\\w+x',
      '.*.*x',
      '\\w+a\\w+x',
      '\\d+\\w\\d+x',
    ])
      expect(unsafeRegexReason(p), p).not.toBeNull();
  });

  it('accepts ordinary patterns', () => {
    for (const p of [
      '^github\\s+inc',
      'amzn|amazon',
      '(foo|bar)+',
      '(ab)+',
      '(a+)?b',
      '[(+*]+',
      'uber\\s*(eats)?',
      '\\d{4}-\\d{2}',
      '(?:pay|paid)\\b.*',
      '\\d+\\.\\d+',
      '^amzn\\s+mktp\\s*\\d+',
      'github.*inc',
    ])
      expect(unsafeRegexReason(p), p).toBeNull();
  });

  it('an unsafe pattern stored before the check matches nothing; a regex sees only the first 500 characters', () => {
    const subject = { description: `${'a'.repeat(40)}!`, counterparty: '', amountCents: -1n, bankAccountId: 'b' };
    expect(compileRule({ description: { op: 'regex', value: '^(a+)+$' } })(subject)).toBe(false);
    const far = { ...subject, description: `${'x'.repeat(600)}NEEDLE` };
    expect(compileRule({ description: { op: 'regex', value: 'needle' } })(far)).toBe(false);
    expect(compileRule({ description: { op: 'contains', value: 'needle' } })(far)).toBe(true);
  });
});
