import { Type, type Static } from 'typebox';

/**
 * Decimal text: up to 15 integer digits and 18 places, so any product of two fits the 30 integer
 * digits of the engine and the database. Signs pass the schema so the service answers with a
 * precise code.
 */
export const DecimalText = Type.String({ pattern: '^\\s*-?\\d{1,15}(\\.\\d{1,18})?\\s*$', maxLength: 40 });
export const AssetSymbol = Type.String({ pattern: '^[A-Z0-9]{2,12}$' });
export const CostMethodSchema = Type.Union([Type.Literal('fifo'), Type.Literal('lifo'), Type.Literal('hifo'), Type.Literal('avg')]);
export const SideSchema = Type.Union([Type.Literal('buy'), Type.Literal('sell')]);
export const IsoDate = Type.String({ format: 'date-time', maxLength: 40 });

export const PortfolioSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  quoteCurrency: Type.String(),
  costMethod: CostMethodSchema,
  createdAt: Type.String(),
});
export type Portfolio = Static<typeof PortfolioSchema>;

export const CreatePortfolioBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 80 }), quoteCurrency: Type.Optional(AssetSymbol), costMethod: CostMethodSchema },
  { additionalProperties: false },
);

export const TradeInputSchema = Type.Object(
  {
    asset: AssetSymbol,
    side: SideSchema,
    quantity: DecimalText,
    price: DecimalText,
    fee: Type.Optional(DecimalText),
    feeAsset: Type.Optional(AssetSymbol),
    quote: Type.Optional(AssetSymbol),
    executedAt: IsoDate,
    venue: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Null()])),
    externalId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type TradeInputBody = Static<typeof TradeInputSchema>;

export const PositionViewSchema = Type.Object({
  asset: Type.String(),
  quantity: Type.String(),
  costBasis: Type.String(),
  averageCost: Type.Union([Type.String(), Type.Null()]),
  realized: Type.String(),
  fees: Type.String(),
  price: Type.Union([Type.String(), Type.Null()]),
  pricedAt: Type.Union([Type.String(), Type.Null()]),
  marketValue: Type.Union([Type.String(), Type.Null()]),
  unrealized: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('ok'), Type.Literal('price_missing'), Type.Literal('closed')]),
});

const NullableText = Type.Union([Type.String(), Type.Null()]);
export const ValuationSchema = Type.Object({
  complete: Type.Boolean(),
  missingFxRates: Type.Array(Type.String(), {
    description: 'Currency pairs (FROM/TO) with no stored rate at valuation time; their assets are unpriced, never converted at 1.',
  }),
  missingPrices: Type.Array(Type.String()),
  realized: Type.String(),
  unrealized: NullableText,
  unrealizedPriced: Type.String(),
  totalPnl: NullableText,
  marketValue: NullableText,
  costBasis: Type.String(),
  invested: Type.String(),
  fees: Type.String(),
  simpleReturn: NullableText,
  positions: Type.Array(PositionViewSchema),
});
export type Valuation = Static<typeof ValuationSchema>;

export const PerformanceSchema = Type.Object({
  series: Type.Array(
    Type.Object({
      date: Type.String(),
      value: NullableText,
      missing: Type.Array(Type.String()),
      cash: Type.String({ description: 'Quote-currency cash in the portfolio at the end of the day (deposits - withdrawals - buys + sells).' }),
      inflow: Type.String({
        description: 'External money in that day: deposits, plus the implicit deposit funding a buy that costs more than the cash on hand.',
      }),
      outflow: Type.String({ description: 'External money out that day: withdrawals.' }),
      netFlow: Type.String({ description: 'inflow - outflow' }),
      realized: Type.String(),
      costBasis: Type.String(),
    }),
  ),
  returns: Type.Object({
    simple: Type.Union([Type.String(), Type.Null()], { description: '(realized + unrealized P&L) / total quote spent on acquisitions including fees.' }),
    timeWeighted: Type.Union([Type.String(), Type.Null()], {
      description:
        'Product over days of (total value + withdrawals) / (previous total value + deposits) - 1; total value = holdings + quote cash; deposits at the start of a day, withdrawals at its end. Neutralises external cash flows.',
    }),
    moneyWeighted: Type.Union([Type.String(), Type.Null()], {
      description:
        'Annualised internal rate of return ((1+g)^365 - 1, g daily) of the external cash flows (deposits out, withdrawals in) and the final total value. Includes external cash flows.',
    }),
  }),
  reasons: Type.Object({ simple: NullableText, timeWeighted: NullableText, moneyWeighted: NullableText }),
  definitions: Type.Object({ simple: Type.String(), timeWeighted: Type.String(), moneyWeighted: Type.String() }),
});
export type Performance = Static<typeof PerformanceSchema>;

export const TradeViewSchema = Type.Object({
  id: Type.String(),
  asset: Type.String(),
  side: Type.String(),
  quantity: Type.String(),
  price: Type.String(),
  fee: Type.String(),
  feeAsset: Type.String(),
  executedAt: Type.String(),
  venue: NullableText,
  externalId: NullableText,
  source: Type.String(),
});
export type TradeView = Static<typeof TradeViewSchema>;

export const OrderViewSchema = Type.Object({
  id: Type.String(),
  portfolioId: Type.String(),
  strategyId: NullableText,
  asset: Type.String(),
  side: Type.String(),
  type: Type.String(),
  quantity: Type.String(),
  limitPrice: NullableText,
  filledQuantity: Type.String(),
  reservedNotional: Type.String(),
  status: Type.String(),
  rejectCode: NullableText,
  rejectReasons: Type.Array(Type.String(), { description: 'Why the pre-trade check refused the order (status rejected); empty otherwise.' }),
  source: Type.String(),
  createdAt: Type.String(),
});
export type OrderView = Static<typeof OrderViewSchema>;

export const LimitsSchema = Type.Object({
  version: Type.Integer(),
  maxPositionNotional: Type.String(),
  maxOrderNotional: Type.String(),
  maxOpenOrders: Type.Integer(),
  maxDailyLoss: Type.String(),
  /** Every amount above (and the check's exposure, position size, daily loss and equity) is in this currency. */
  currency: Type.String({ description: "The user's risk currency: set with the limits, else the first portfolio's currency, else USD." }),
});
export type Limits = Static<typeof LimitsSchema>;

export const KillModeSchema = Type.Union([Type.Literal('off'), Type.Literal('soft'), Type.Literal('hard')]);
export const KillSwitchSchema = Type.Object({
  scope: Type.String(),
  mode: KillModeSchema,
  reason: Type.String(),
  changedBy: NullableText,
  changedAt: NullableText,
});

export const ProviderSchema = Type.Union([Type.Literal('openai'), Type.Literal('anthropic'), Type.Literal('gemini'), Type.Literal('openai-compatible')]);
export const CredentialViewSchema = Type.Object({
  id: Type.String(),
  provider: ProviderSchema,
  label: Type.String(),
  baseUrl: NullableText,
  masked: Type.String(),
  defaultModel: NullableText,
  fallbackModel: NullableText,
  isDefault: Type.Boolean(),
  verification: Type.String(),
  verificationDetail: NullableText,
  createdAt: Type.String(),
  lastUsedAt: NullableText,
});
export type CredentialView = Static<typeof CredentialViewSchema>;

export const AgentStepSchema = Type.Object({
  n: Type.Integer(),
  kind: Type.String(),
  tool: NullableText,
  input: Type.Unknown(),
  output: Type.Unknown(),
  tokens: Type.Integer(),
  costMicros: Type.Integer(),
  model: NullableText,
});
export type AgentStep = Static<typeof AgentStepSchema>;

export const AgentSessionSchema = Type.Object({
  id: Type.String(),
  question: Type.String(),
  model: Type.String(),
  status: Type.String(),
  answer: NullableText,
  errorCode: NullableText,
  totalTokens: Type.Integer(),
  costMicros: Type.Integer(),
  createdAt: Type.String(),
  steps: Type.Array(AgentStepSchema),
});
export type AgentSession = Static<typeof AgentSessionSchema>;

/** What `POST /strategies/:id/backtest` reports (quote amounts of the strategy's portfolio). */
export const BacktestReportSchema = Type.Object({
  candles: Type.Integer(),
  from: NullableText,
  to: NullableText,
  trades: Type.Integer(),
  rejected: Type.Integer(),
  rejections: Type.Array(Type.String(), { description: 'The first 20 refusals of the pre-trade check, with their dates.' }),
  realized: Type.String(),
  unrealized: Type.String(),
  invested: Type.String(),
  fees: Type.String(),
  finalQuantity: Type.String(),
  totalPnl: Type.String(),
  maxDrawdown: Type.String({ description: 'Largest fall of total P&L from a running peak.' }),
  curve: Type.Array(Type.Object({ date: Type.String(), pnl: Type.String() })),
});
export type BacktestReportView = Static<typeof BacktestReportSchema>;
