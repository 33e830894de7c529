import { bigint, date, pgSchema, text, uuid } from 'drizzle-orm/pg-core';

/** Drizzle view of the main tables; hot paths use raw SQL in the repositories. */
export const bookkeeping = pgSchema('bookkeeping');

export const companies = bookkeeping.table('companies', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  industry: text('industry').notNull(),
  lockDate: date('lock_date'),
});

export const accounts = bookkeeping.table('accounts', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  companyId: uuid('company_id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  kind: text('kind').notNull(),
});

export const journalLines = bookkeeping.table('journal_lines', {
  id: uuid('id').primaryKey(),
  entryId: uuid('entry_id').notNull(),
  accountId: uuid('account_id').notNull(),
  amountCents: bigint('amount_cents', { mode: 'bigint' }).notNull(),
});
