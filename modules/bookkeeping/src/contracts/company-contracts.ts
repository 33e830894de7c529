import { Type, type Static } from 'typebox';
import { Nullable } from './common-contracts.ts';

export const IndustrySchema = Type.Union([
  Type.Literal('coffee_shop'),
  Type.Literal('web_agency'),
  Type.Literal('childcare'),
  Type.Literal('real_estate'),
  Type.Literal('accounting_practice'),
]);

export const CompanySchema = Type.Object(
  {
    id: Type.String(),
    slug: Type.String(),
    name: Type.String(),
    industry: IndustrySchema,
    autoThreshold: Type.Number(),
    lockDate: Nullable(Type.String()),
    createdAt: Type.String(),
    lineCount: Type.Optional(Type.Integer()),
    reviewCount: Type.Optional(Type.Integer()),
  },
  { additionalProperties: true },
);
export type Company = Static<typeof CompanySchema>;

export const AccountTypeSchema = Type.Union([
  Type.Literal('asset'),
  Type.Literal('liability'),
  Type.Literal('equity'),
  Type.Literal('income'),
  Type.Literal('expense'),
]);
export const AccountKindSchema = Type.Union([Type.Literal('bank'), Type.Literal('card'), Type.Literal('other')]);

export const AccountSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  type: AccountTypeSchema,
  kind: AccountKindSchema,
  archived: Type.Boolean(),
});
export type Account = Static<typeof AccountSchema>;

/** viewer reads; bookkeeper imports, reviews, reconciles and applies rules; admin manages rules, accounts, lock dates and links. */
export const CompanyRoleSchema = Type.Union([Type.Literal('viewer'), Type.Literal('bookkeeper'), Type.Literal('admin')]);
export type CompanyRole = Static<typeof CompanyRoleSchema>;

export const CompanyUserSchema = Type.Object({ userId: Type.String(), email: Type.String(), name: Type.String(), role: CompanyRoleSchema });
export type CompanyUser = Static<typeof CompanyUserSchema>;

/** A member of the organization and their role in one company (null: not linked, so the company is hidden from them). */
export const CompanyMemberSchema = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  orgRole: Type.Union([Type.Literal('viewer'), Type.Literal('member'), Type.Literal('admin'), Type.Literal('owner')]),
  /** organization owners and admins are admins of every company whatever their link says */
  companyRole: Nullable(CompanyRoleSchema),
});
export type CompanyMember = Static<typeof CompanyMemberSchema>;
