import { Type, type Static } from 'typebox';

// values up to 1,000 characters pass the schema so that an over-long regex is refused with its own error
// (BOOKKEEPING_RULE_PATTERN_UNSAFE); the routes hold every value to 200 characters
const TextCondition = Type.Object(
  { op: Type.Union([Type.Literal('contains'), Type.Literal('equals'), Type.Literal('regex')]), value: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);

export const RuleConditionsSchema = Type.Object(
  {
    description: Type.Optional(TextCondition),
    counterparty: Type.Optional(TextCondition),
    amountMinCents: Type.Optional(Type.Integer({ minimum: -1e13, maximum: 1e13 })),
    amountMaxCents: Type.Optional(Type.Integer({ minimum: -1e13, maximum: 1e13 })),
    sign: Type.Optional(Type.Union([Type.Literal('in'), Type.Literal('out')])),
    bankAccountId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type RuleConditions = Static<typeof RuleConditionsSchema>;

export const RuleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  priority: Type.Integer(),
  conditions: RuleConditionsSchema,
  accountId: Type.String(),
  enabled: Type.Boolean(),
});
export type Rule = Static<typeof RuleSchema>;

export const RulePreviewSchema = Type.Object({
  matched: Type.Integer(),
  wouldChange: Type.Integer(),
  /** matching lines still in review: what applying the rule would post */
  applicable: Type.Integer(),
  sample: Type.Array(
    Type.Object({
      id: Type.String(),
      date: Type.String(),
      description: Type.String(),
      counterparty: Type.String(),
      amountCents: Type.String(),
      bankAccountId: Type.String(),
      current: Type.Union([Type.String(), Type.Null()]),
      status: Type.String(),
      to: Type.String(),
    }),
  ),
});
export type RulePreview = Static<typeof RulePreviewSchema>;

export const ApplyRuleResultSchema = Type.Object({
  ruleId: Type.String(),
  accountId: Type.String(),
  applied: Type.Array(
    Type.Object({ lineId: Type.String(), entryId: Type.String(), outcome: Type.Union([Type.Literal('approved'), Type.Literal('corrected')]) }),
  ),
  skipped: Type.Array(
    Type.Object({
      lineId: Type.String(),
      reason: Type.Union([Type.Literal('approved'), Type.Literal('discarded'), Type.Literal('possible_duplicate'), Type.Literal('locked')]),
    }),
  ),
  /** matching lines still in review beyond this call's limit (only when no ids were given) */
  remaining: Type.Integer(),
});
export type ApplyRuleResult = Static<typeof ApplyRuleResultSchema>;
