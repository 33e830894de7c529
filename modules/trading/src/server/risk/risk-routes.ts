import { Type } from 'typebox';
import { actorOf, coreErrors, isAppError, recordAudit, type App, type Db, type Platform } from '@tessera/core';
import type { FastifyRequest } from 'fastify';
import { AssetSymbol, DecimalText, KillModeSchema, KillSwitchSchema, LimitsSchema, OrderViewSchema, SideSchema } from '../../contracts/index.ts';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import { tradingErrors } from '../errors.ts';
import { dec } from '../portfolio/trade-booking.ts';
import { subjectOf } from '../request-context.ts';
import { withRefusalRecord } from './order-refusals.ts';
import { cancelOrder, confirmProposal, orderView, submitOrder } from './order-service.ts';
import { DEFAULT_MATCH, runPaperMarket } from '../paper/paper-matcher.ts';
import {
  currentLimits,
  insertLimits,
  killSwitches,
  listOrders,
  readRiskState,
  reservedByCurrency,
  setKillSwitch,
  type KillRow,
  type LimitsRow,
} from './risk-repository.ts';
import { listPortfolios } from '../portfolio/portfolio-repository.ts';
import { riskConverter, riskCurrencyOf } from './risk-currency.ts';

const read = { role: 'viewer', scope: 'trading:read' } as const;
const write = { role: 'member', scope: 'trading:write' } as const;
const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const Reason = Type.String({ minLength: 3, maxLength: 500 });

const limitsView = (l: LimitsRow, currency: string) => ({
  version: l.version,
  maxPositionNotional: formatDec(parseDec(l.max_position_notional)),
  maxOrderNotional: formatDec(parseDec(l.max_order_notional)),
  maxOpenOrders: l.max_open_orders,
  maxDailyLoss: formatDec(parseDec(l.max_daily_loss)),
  currency,
});

/** Open orders' reservations, each in its portfolio's currency, converted into the risk currency now (null without a rate). */
async function reservedInRisk(db: Db, orgId: string, userId: string, currency: string) {
  const fx = riskConverter(db, orgId, currency, new Date());
  let total = 0n;
  const missing: string[] = [];
  for (const r of await reservedByCurrency(db, orgId, userId)) {
    try {
      total += await fx.convert(parseDec(r.reserved), r.currency);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'TRADING_FX_RATE_MISSING') throw err;
      missing.push(`${r.currency}/${currency}`);
    }
  }
  return { reservedNotional: missing.length ? null : formatDec(total), missingFxRates: missing };
}
const killView = (k: KillRow) => ({ scope: k.scope, mode: k.mode, reason: k.reason, changedBy: k.changed_by, changedAt: k.changed_at });

/** Resetting a halt is a human decision: API keys without a person behind them may not do it. */
function personOf(request: FastifyRequest): string {
  const p = request.principal;
  if (!p?.userId) throw coreErrors.FORBIDDEN({ message: 'Only a signed-in person (or a key owned by one) can reset a kill switch.' });
  return p.userId;
}

export function registerRiskRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;

  app.get(
    '/api/trading/risk',
    {
      config: { access: read },
      schema: {
        response: {
          200: Type.Object({
            limits: LimitsSchema,
            reservedNotional: Type.Union([Type.String(), Type.Null()], {
              description: 'Reserved by open orders, in the risk currency; null when a rate is missing.',
            }),
            missingFxRates: Type.Array(Type.String()),
            openOrders: Type.Integer(),
            dayPeakEquity: Type.Union([Type.String(), Type.Null()]),
            dayPeakCurrency: Type.Union([Type.String(), Type.Null()]),
            kill: Type.Object({ user: KillSwitchSchema, global: KillSwitchSchema }),
          }),
        },
      },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      const s = await readRiskState(db, orgId, userId);
      const k = await killSwitches(db, orgId, userId);
      const limits = await currentLimits(db, orgId, userId);
      const currency = riskCurrencyOf(limits, await listPortfolios(db, orgId, userId));
      return {
        limits: limitsView(limits, currency),
        ...(await reservedInRisk(db, orgId, userId, currency)),
        openOrders: s?.open_orders ?? 0,
        dayPeakEquity: s?.day_peak_equity ? formatDec(parseDec(s.day_peak_equity)) : null,
        dayPeakCurrency: s?.day_peak_equity ? (s.day_peak_currency ?? currency) : null,
        kill: { user: killView(k.user), global: killView(k.global) },
      };
    },
  );

  app.put(
    '/api/trading/risk/limits',
    {
      config: { access: write },
      schema: {
        body: Type.Object(
          {
            maxPositionNotional: DecimalText,
            maxOrderNotional: DecimalText,
            maxOpenOrders: Type.Integer({ minimum: 0, maximum: 10_000 }),
            maxDailyLoss: DecimalText,
            currency: Type.Optional(
              Type.String({ pattern: '^[A-Z0-9]{2,12}$', description: 'Risk currency of these amounts; omitted: keep the current one.' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: LimitsSchema },
      },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      const b = request.body;
      const vals = { max_position_notional: b.maxPositionNotional, max_order_notional: b.maxOrderNotional, max_daily_loss: b.maxDailyLoss };
      for (const [k, v] of Object.entries(vals)) if (dec(v, k) < 0n) throw tradingErrors.TRADING_NEGATIVE_PRICE({ message: `${k} must not be negative` });
      return db.transaction(async (tx) => {
        // The amounts are anchored in a currency when saved, so a later first portfolio cannot change their meaning.
        const currency = b.currency ?? riskCurrencyOf(await currentLimits(tx, orgId, userId), await listPortfolios(tx, orgId, userId));
        const row = {
          ...Object.fromEntries(Object.entries(vals).map(([k, v]) => [k, formatDec(parseDec(v))])),
          max_open_orders: b.maxOpenOrders,
          currency,
        } as Omit<LimitsRow, 'version'>;
        const version = await insertLimits(tx, orgId, userId, row, actorOf(request).id);
        await recordAudit(tx, orgId, actorOf(request), {
          action: 'trading.limits.update',
          targetType: 'risk_limits',
          targetId: userId,
          data: { version, ...b },
        });
        return limitsView({ ...row, version }, currency);
      });
    },
  );

  const killBody = Type.Object({ mode: KillModeSchema, reason: Reason }, { additionalProperties: false });
  const changeKill = async (request: FastifyRequest, scope: 'user' | 'global', mode: 'off' | 'soft' | 'hard', reason: string) => {
    const { orgId, userId } = subjectOf(request);
    const by = mode === 'off' ? personOf(request) : (actorOf(request).id ?? null);
    return db.transaction(async (tx) => {
      await setKillSwitch(tx, orgId, scope, userId, mode, reason, by);
      await recordAudit(tx, orgId, actorOf(request), {
        action: mode === 'off' ? `trading.kill.${scope}.reset` : `trading.kill.${scope}.engage`,
        targetType: 'kill_switch',
        targetId: scope === 'global' ? 'global' : userId,
        data: { mode, reason },
      });
      const k = await killSwitches(tx, orgId, userId);
      return killView(scope === 'global' ? k.global : k.user);
    });
  };
  app.put('/api/trading/kill-switch', { config: { access: write }, schema: { body: killBody, response: { 200: KillSwitchSchema } } }, async (request) =>
    changeKill(request, 'user', request.body.mode, request.body.reason),
  );
  app.put(
    '/api/trading/kill-switch/global',
    { config: { access: { role: 'admin', scope: 'trading:write' } }, schema: { body: killBody, response: { 200: KillSwitchSchema } } },
    async (request) => changeKill(request, 'global', request.body.mode, request.body.reason),
  );

  app.get(
    '/api/trading/orders',
    {
      config: { access: read },
      schema: {
        querystring: Type.Object({ status: Type.Optional(Type.String({ pattern: '^[a-z_,]{1,80}$' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ orders: Type.Array(OrderViewSchema) }) },
      },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      return { orders: (await listOrders(db, orgId, userId, request.query.status?.split(','))).map(orderView) };
    },
  );

  app.post(
    '/api/trading/orders',
    {
      config: { access: write },
      schema: {
        body: Type.Object(
          {
            portfolioId: Type.String({ format: 'uuid' }),
            asset: AssetSymbol,
            side: SideSchema,
            type: Type.Union([Type.Literal('market'), Type.Literal('limit')]),
            quantity: DecimalText,
            limitPrice: Type.Optional(DecimalText),
            strategyId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: OrderViewSchema },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const b = request.body;
      dec(b.quantity, 'quantity');
      if (b.limitPrice) dec(b.limitPrice, 'limitPrice');
      const actor = actorOf(request);
      const order = await withRefusalRecord(db, orgId, userId, actor, () =>
        db.transaction((tx) =>
          submitOrder(tx, orgId, userId, actor, { ...b, limitPrice: b.limitPrice ?? null, strategyId: b.strategyId ?? null, source: 'user' }),
        ),
      );
      return reply.status(201).send(orderView(order));
    },
  );

  app.post(
    '/api/trading/orders/:id/cancel',
    { config: { access: write }, schema: { params: IdParam, response: { 200: OrderViewSchema } } },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      return orderView(await db.transaction((tx) => cancelOrder(tx, orgId, userId, actorOf(request), request.params.id)));
    },
  );

  app.post(
    '/api/trading/orders/:id/confirm',
    { config: { access: write }, schema: { params: IdParam, response: { 201: OrderViewSchema } } },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const actor = actorOf(request);
      const o = await withRefusalRecord(db, orgId, userId, actor, () => db.transaction((tx) => confirmProposal(tx, orgId, userId, actor, request.params.id)));
      return reply.status(201).send(orderView(o));
    },
  );

  app.post(
    '/api/trading/paper/tick',
    {
      config: { access: write },
      schema: {
        summary: 'Runs the paper market now for this organization (it also runs on a timer): extends synthetic feeds, fills crossed orders.',
        response: { 200: Type.Object({ filled: Type.Integer(), candles: Type.Integer() }) },
      },
    },
    async (request) => {
      const { orgId } = subjectOf(request);
      const r = await runPaperMarket(platform, new Date(), DEFAULT_MATCH, orgId);
      return { filled: r.fills, candles: r.candles };
    },
  );
}
