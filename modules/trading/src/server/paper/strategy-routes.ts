import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { actorOf, coreErrors, recordAudit, type App, type Platform } from '@tessera/core';
import { AssetSymbol, BacktestReportSchema, DecimalText, OrderViewSchema } from '../../contracts/index.ts';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import { one, rows } from '../db/sql-rows.ts';
import { tradingErrors } from '../errors.ts';
import { findPortfolio, listPortfolios, positionsOf } from '../portfolio/portfolio-repository.ts';
import { candlesOf } from '../portfolio/price-repository.ts';
import { dec } from '../portfolio/trade-booking.ts';
import { subjectOf } from '../request-context.ts';
import { orderView, submitOrder } from '../risk/order-service.ts';
import { withRefusalRecord } from '../risk/order-refusals.ts';
import { currentLimits } from '../risk/risk-repository.ts';
import { riskConverter, riskCurrencyOf } from '../risk/risk-currency.ts';
import { runBacktest } from './backtest.ts';
import { signalAt, type StrategyKind, type StrategyParams } from './strategy-signals.ts';

const read = { role: 'viewer', scope: 'trading:read' } as const;
const write = { role: 'member', scope: 'trading:write' } as const;
const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

const Params = Type.Union([
  Type.Object({ quoteAmount: DecimalText, everyDays: Type.Integer({ minimum: 1, maximum: 365 }) }, { additionalProperties: false }),
  Type.Object(
    { fast: Type.Integer({ minimum: 1, maximum: 200 }), slow: Type.Integer({ minimum: 2, maximum: 400 }), quoteAmount: DecimalText },
    { additionalProperties: false },
  ),
]);
const StrategyView = Type.Object({
  id: Type.String(),
  portfolioId: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  asset: Type.String(),
  params: Type.Unknown(),
  maxExposure: Type.String(),
  enabled: Type.Boolean(),
  cursor: Type.Union([Type.String(), Type.Null()]),
});

interface StrategyRow {
  id: string;
  portfolio_id: string;
  name: string;
  kind: StrategyKind;
  asset: string;
  params: StrategyParams;
  max_exposure: string;
  enabled: boolean;
  cursor_ts: string | null;
}
const COLS = sql`id, portfolio_id, name, kind, asset, params, max_exposure::text, enabled, cursor_ts::text`;
const view = (s: StrategyRow) => ({
  id: s.id,
  portfolioId: s.portfolio_id,
  name: s.name,
  kind: s.kind,
  asset: s.asset,
  params: s.params,
  maxExposure: formatDec(parseDec(s.max_exposure)),
  enabled: s.enabled,
  cursor: s.cursor_ts,
});

export function registerStrategyRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;
  const find = async (orgId: string, userId: string, id: string) => {
    const s = await one<StrategyRow>(db, sql`select ${COLS} from trading.strategies where org_id = ${orgId} and user_id = ${userId} and id = ${id}`);
    if (!s) throw coreErrors.RESOURCE_NOT_FOUND();
    return s;
  };

  app.get(
    '/api/trading/strategies',
    { config: { access: read }, schema: { response: { 200: Type.Object({ strategies: Type.Array(StrategyView) }) } } },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      return {
        strategies: (
          await rows<StrategyRow>(db, sql`select ${COLS} from trading.strategies where org_id = ${orgId} and user_id = ${userId} order by created_at`)
        ).map(view),
      };
    },
  );

  app.post(
    '/api/trading/strategies',
    {
      config: { access: write },
      schema: {
        body: Type.Object(
          {
            portfolioId: Type.String({ format: 'uuid' }),
            name: Type.String({ minLength: 1, maxLength: 80 }),
            kind: Type.Union([Type.Literal('dca'), Type.Literal('ma_crossover')]),
            asset: AssetSymbol,
            params: Params,
            maxExposure: DecimalText,
          },
          { additionalProperties: false },
        ),
        response: { 201: StrategyView },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const b = request.body;
      if (!(await findPortfolio(db, orgId, userId, b.portfolioId))) throw coreErrors.RESOURCE_NOT_FOUND();
      const isDca = 'everyDays' in b.params;
      if (isDca !== (b.kind === 'dca')) throw coreErrors.VALIDATION_FAILED({ message: 'params do not match the strategy kind' });
      if (!isDca && 'fast' in b.params && b.params.fast >= b.params.slow) throw coreErrors.VALIDATION_FAILED({ message: 'fast must be shorter than slow' });
      if (dec(b.params.quoteAmount, 'quoteAmount') <= 0n) throw tradingErrors.TRADING_NON_POSITIVE_QUANTITY({ message: 'quoteAmount must be positive' });
      if (dec(b.maxExposure, 'maxExposure') < 0n) throw tradingErrors.TRADING_NEGATIVE_PRICE({ message: 'maxExposure must not be negative' });
      const s = await db.transaction(async (tx) => {
        const row = (await one<StrategyRow>(
          tx,
          sql`insert into trading.strategies (org_id, user_id, portfolio_id, name, kind, asset, params, max_exposure) values (${orgId}, ${userId}, ${b.portfolioId}, ${b.name}, ${b.kind}, ${b.asset}, ${JSON.stringify(b.params)}::jsonb, ${b.maxExposure}::numeric) returning ${COLS}`,
        ))!;
        await recordAudit(tx, orgId, actorOf(request), {
          action: 'trading.strategy.create',
          targetType: 'strategy',
          targetId: row.id,
          data: { kind: b.kind, asset: b.asset },
        });
        return row;
      });
      return reply.status(201).send(view(s));
    },
  );

  app.post(
    '/api/trading/strategies/:id/run',
    {
      config: { access: write },
      schema: {
        params: IdParam,
        response: {
          200: Type.Object({ action: Type.String(), reason: Type.Union([Type.String(), Type.Null()]), order: Type.Union([OrderViewSchema, Type.Null()]) }),
        },
      },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      const s = await find(orgId, userId, request.params.id);
      if (!s.enabled) return { action: 'hold', reason: 'strategy disabled', order: null };
      const p = s.params as { slow?: number };
      const candles = await candlesOf(db, orgId, s.asset, (p.slow ?? 1) + 2);
      const last = candles[candles.length - 1];
      if (!last) throw tradingErrors.TRADING_PRICE_MISSING();
      if (s.cursor_ts && new Date(s.cursor_ts).getTime() >= last.ts.getTime())
        return { action: 'hold', reason: 'already evaluated on the latest candle', order: null };
      const index = Math.floor(last.ts.getTime() / 86_400_000);
      const sig = signalAt(
        s.kind,
        s.params,
        candles.map((c) => parseDec(c.close)),
        index,
      );
      const actor = actorOf(request);
      return withRefusalRecord(db, orgId, userId, actor, () =>
        db.transaction(async (tx) => {
          await tx.execute(sql`update trading.strategies set cursor_ts = ${last.ts.toISOString()}::timestamptz where id = ${s.id}`);
          if (sig.action === 'hold') return { action: 'hold', reason: sig.reason, order: null };
          const held = (await positionsOf(tx, orgId, s.portfolio_id, [s.asset]))[0];
          const qty = sig.action === 'buy' ? sig.quantity : held ? parseDec(held.state.quantity) : 0n;
          if (qty <= 0n) return { action: 'hold', reason: 'nothing to sell', order: null };
          const o = await submitOrder(tx, orgId, userId, actor, {
            portfolioId: s.portfolio_id,
            asset: s.asset,
            side: sig.action === 'buy' ? 'buy' : 'sell',
            type: 'market',
            quantity: formatDec(qty),
            strategyId: s.id,
            source: 'strategy',
          });
          return { action: sig.action, reason: null, order: orderView(o) };
        }),
      );
    },
  );

  app.post(
    '/api/trading/strategies/:id/backtest',
    {
      config: { access: read },
      schema: {
        params: IdParam,
        body: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 2, maximum: 2000 })) }, { additionalProperties: false }),
        response: { 200: BacktestReportSchema },
      },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      const s = await find(orgId, userId, request.params.id);
      const candles = await candlesOf(db, orgId, s.asset, request.body.days ?? 365);
      if (!candles.length) throw tradingErrors.TRADING_PRICE_MISSING();
      const l = await currentLimits(db, orgId, userId);
      // The limits are in the risk currency; the strategy trades its portfolio's (rate in force now).
      const portfolios = await listPortfolios(db, orgId, userId);
      const orderCurrency = portfolios.find((p) => p.id === s.portfolio_id)?.quote_currency ?? 'USD';
      const riskCurrency = riskCurrencyOf(l, portfolios);
      const rate = await riskConverter(db, orgId, riskCurrency, new Date()).rateOf(orderCurrency);
      return runBacktest({
        fx: { orderCurrency, riskCurrency, rate },
        asset: s.asset,
        kind: s.kind,
        params: s.params,
        candles: candles.map((c) => ({
          ts: c.ts,
          open: parseDec(c.open),
          high: parseDec(c.high),
          low: parseDec(c.low),
          close: parseDec(c.close),
          volume: parseDec(c.volume),
        })),
        limits: {
          version: l.version,
          maxPositionNotional: parseDec(l.max_position_notional),
          maxOrderNotional: parseDec(l.max_order_notional),
          maxOpenOrders: l.max_open_orders,
          maxDailyLoss: parseDec(l.max_daily_loss),
        },
        maxExposure: parseDec(s.max_exposure),
      });
    },
  );
}
