import { boolean, integer, jsonb, numeric, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Drizzle view of the main tables (the repositories use parameterised SQL against the same names). */
export const trading = pgSchema('trading');

export const portfolios = trading.table('portfolios', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  userId: uuid('user_id').notNull(),
  name: text('name').notNull(),
  quoteCurrency: text('quote_currency').notNull(),
  costMethod: text('cost_method').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const trades = trading.table('trades', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  portfolioId: uuid('portfolio_id').notNull(),
  asset: text('asset').notNull(),
  side: text('side').notNull(),
  quantity: numeric('quantity').notNull(),
  price: numeric('price').notNull(),
  fee: numeric('fee').notNull(),
  feeAsset: text('fee_asset').notNull(),
  executedAt: timestamp('executed_at', { withTimezone: true }).notNull(),
  venue: text('venue'),
  externalId: text('external_id'),
});

export const positions = trading.table('positions', {
  orgId: uuid('org_id').notNull(),
  portfolioId: uuid('portfolio_id').notNull(),
  asset: text('asset').notNull(),
  quantity: numeric('quantity').notNull(),
  costBasis: numeric('cost_basis').notNull(),
  realized: numeric('realized').notNull(),
  state: jsonb('state').notNull(),
});

export const credentials = trading.table('credentials', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  userId: uuid('user_id').notNull(),
  provider: text('provider').notNull(),
  label: text('label').notNull(),
  baseUrl: text('base_url'),
  ciphertext: text('ciphertext').notNull(),
  lastFour: text('last_four').notNull(),
  isDefault: boolean('is_default').notNull(),
  verification: text('verification').notNull(),
});

export const riskLimits = trading.table('risk_limits', {
  orgId: uuid('org_id').notNull(),
  userId: uuid('user_id').notNull(),
  version: integer('version').notNull(),
  maxPositionNotional: numeric('max_position_notional').notNull(),
  maxOrderNotional: numeric('max_order_notional').notNull(),
  maxOpenOrders: integer('max_open_orders').notNull(),
  maxDailyLoss: numeric('max_daily_loss').notNull(),
});
