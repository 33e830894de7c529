import { Type, type Static } from 'typebox';
import { Nullable } from './common-contracts.ts';

export const LineStatusSchema = Type.Union([Type.Literal('review'), Type.Literal('approved'), Type.Literal('discarded')]);
export const CategorySourceSchema = Type.Union([
  Type.Literal('rule'),
  Type.Literal('memory'),
  Type.Literal('model'),
  Type.Literal('llm'),
  Type.Literal('none'),
]);

export const LineSchema = Type.Object({
  id: Type.String(),
  date: Type.String(),
  amountCents: Type.String(),
  description: Type.String(),
  counterparty: Type.String(),
  bankAccountId: Type.String(),
  status: LineStatusSchema,
  predictedAccountId: Nullable(Type.String()),
  approvedAccountId: Nullable(Type.String()),
  confidence: Nullable(Type.Number()),
  source: CategorySourceSchema,
  ruleId: Nullable(Type.String()),
  reviewOutcome: Nullable(Type.String()),
  importId: Type.String(),
  lineNo: Type.Integer(),
  /** the stored line this one looks like; set while the reviewer has not kept or discarded it */
  duplicateOf: Nullable(Type.String()),
});
export type Line = Static<typeof LineSchema>;

export const LinePageSchema = Type.Object({ total: Type.Integer(), lines: Type.Array(LineSchema) });
export type LinePage = Static<typeof LinePageSchema>;

export const DuplicateDecisionSchema = Type.Object({
  lineId: Type.String(),
  decision: Type.Union([Type.Literal('keep'), Type.Literal('discard')]),
  duplicateOf: Type.String(),
  status: Type.Union([Type.Literal('review'), Type.Literal('discarded')]),
});
export type DuplicateDecision = Static<typeof DuplicateDecisionSchema>;

export const ImportSummarySchema = Type.Object(
  {
    importId: Type.String(),
    fileName: Type.String(),
    status: Type.Union([Type.Literal('completed'), Type.Literal('duplicate')]),
    linesTotal: Type.Integer(),
    linesAdded: Type.Integer(),
    linesSkipped: Type.Integer(),
    autoApproved: Type.Integer(),
    inReview: Type.Integer(),
    /** lines in review because they look like lines of an earlier import */
    possibleDuplicates: Type.Integer(),
    /** lines in review that got an account suggestion from the LLM stage */
    llmSuggested: Type.Optional(Type.Integer()),
  },
  { additionalProperties: true },
);
export type ImportSummary = Static<typeof ImportSummarySchema>;
