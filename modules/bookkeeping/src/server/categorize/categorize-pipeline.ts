import type { CompanyModel } from './company-model.ts';
import type { RuleSet, RuleSubject } from './rule-engine.ts';

export type CategorySource = 'rule' | 'memory' | 'model' | 'llm' | 'none';

export interface Categorized {
  accountId: string | null;
  confidence: number;
  source: CategorySource;
  ruleId: string | null;
}

/** Rules (user intent, confidence 1) first, then what the company's history taught. */
export function categorizeLocal(rules: RuleSet, model: CompanyModel, s: RuleSubject): Categorized {
  const rule = rules.first(s);
  if (rule) return { accountId: rule.accountId, confidence: 1, source: 'rule', ruleId: rule.id };
  const p = model.predict(s.description, s.counterparty, s.amountCents);
  if (p) return { accountId: p.accountId, confidence: Math.round(p.confidence * 10000) / 10000, source: p.source, ruleId: null };
  return { accountId: null, confidence: 0, source: 'none', ruleId: null };
}
