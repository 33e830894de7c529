import type { Categorized } from './categorize-pipeline.ts';
import type { CompanyModel, Prediction } from './company-model.ts';
import { lineFeatures } from './merchant-text.ts';
import type { Rule, RuleSet } from './rule-engine.ts';

export interface LineFeatures {
  merchant: string;
  tokens: readonly string[];
}

interface Memo {
  features: LineFeatures;
  prediction: Prediction | null;
  /** undefined until asked; only kept when no rule looks at the exact amount */
  rule?: Rule | null;
}

/** Bounds the per-import memory of distinct texts; past it the memo starts over. */
const MAX_TEXTS = 200_000;

/**
 * Categorizes the lines of one import against a snapshot of the company's rules and model, once
 * per distinct text: bank files repeat the same merchants over and over, often with only a
 * reference number changing, which the features ignore. Results are keyed first by the exact
 * text (sign and magnitude included, as the features use them), then by the features themselves.
 * The model must not learn while one categorizer is in use (the import learns after it commits).
 */
export class LineCategorizer {
  private readonly rules: RuleSet;
  private readonly model: CompanyModel;
  private readonly bankAccountId: string;
  private readonly byText = new Map<string, Memo>();
  private readonly byFeatures = new Map<string, Memo>();

  constructor(rules: RuleSet, model: CompanyModel, bankAccountId: string) {
    this.rules = rules;
    this.model = model;
    this.bankAccountId = bankAccountId;
  }

  categorize(description: string, counterparty: string, amountCents: bigint): { cat: Categorized; features: LineFeatures } {
    const neg = amountCents < 0n;
    const magnitude = (neg ? -amountCents : amountCents).toString().length;
    // zero gets its own sign: a rule's "in" and "out" both refuse it
    const textKey = `${neg ? '-' : amountCents === 0n ? '0' : '+'}${magnitude}\u0000${counterparty}\u0000${description}`;
    let memo = this.byText.get(textKey);
    if (!memo) {
      const features = lineFeatures(description, counterparty, amountCents);
      const featureKey = `${features.merchant}\u0000${features.tokens.join(' ')}`;
      const shared = this.byFeatures.get(featureKey);
      const prediction = shared ? shared.prediction : this.model.predictFeatures(features.merchant, features.tokens);
      if (!shared) this.byFeatures.set(featureKey, { features, prediction });
      memo = { features, prediction };
      if (this.byText.size >= MAX_TEXTS) this.byText.clear();
      this.byText.set(textKey, memo);
    }
    let rule: Rule | null;
    if (memo.rule !== undefined) rule = memo.rule;
    else {
      rule = this.rules.first({ description, counterparty, amountCents, bankAccountId: this.bankAccountId });
      if (!this.rules.usesAmountRange) memo.rule = rule;
    }
    if (rule) return { cat: { accountId: rule.accountId, confidence: 1, source: 'rule', ruleId: rule.id }, features: memo.features };
    const p = memo.prediction;
    if (p)
      return { cat: { accountId: p.accountId, confidence: Math.round(p.confidence * 10000) / 10000, source: p.source, ruleId: null }, features: memo.features };
    return { cat: { accountId: null, confidence: 0, source: 'none', ruleId: null }, features: memo.features };
  }
}
