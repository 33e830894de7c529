import { actorOf, coreErrors, isAppError, recordAudit, type AuditActor, type Db } from '@tessera/core';
import { formatDec, max, mulDiv, parseDec, type Dec } from '../decimal/fixed-decimal.ts';
import { tradingErrors } from '../errors.ts';
import { priceCurrencies } from '../fx/fx-repository.ts';
import { fillAgainst, type PaperConfig, DEFAULT_PAPER } from '../paper/fill-engine.ts';
import { findPortfolio, listPortfolios, positionsOf } from '../portfolio/portfolio-repository.ts';
import { latestCandles, type Candle } from '../portfolio/price-repository.ts';
import { bookTrades } from '../portfolio/trade-booking.ts';
import { preTradeCheck, type PreTradeDecision, type PreTradeInput } from './pre-trade-check.ts';
import {
  currentLimits,
  findOrder,
  heldElsewhere,
  insertOrder,
  killSwitches,
  lockRiskState,
  pendingQuantities,
  strategyExposure,
  updateOrderFill,
  updateRiskState,
  type OrderDraft,
  type OrderRow,
} from './risk-repository.ts';
import { markRefusal } from './order-refusals.ts';
import { riskConverter, riskCurrencyOf, riskEquityOf } from './risk-currency.ts';

export { actorOf };

export interface OrderRequest {
  portfolioId: string;
  asset: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  quantity: string;
  limitPrice?: string | null;
  strategyId?: string | null;
  source: 'user' | 'strategy' | 'agent';
}

/**
 * Runs the one pre-trade check and fails closed: anything thrown while gathering its inputs or
 * deciding (a missing price, a database error, a bug) rejects the order with
 * TRADING_RISK_CHECK_FAILED. Its own precise rejections pass through unchanged.
 */
export async function guardedPreTradeCheck(
  gather: () => Promise<PreTradeInput>,
  onFailure?: (err: unknown) => void,
): Promise<PreTradeDecision & { input?: PreTradeInput }> {
  try {
    const input = await gather();
    return { ...preTradeCheck(input), input };
  } catch (err) {
    onFailure?.(err);
    if (isAppError(err) && err.code.startsWith('TRADING_') && err.status < 500) throw err;
    throw tradingErrors.TRADING_RISK_CHECK_FAILED({ details: { cause: err instanceof Error ? err.message.slice(0, 200) : 'unknown' } });
  }
}

export function referencePrice(o: { type: string; limitPrice?: string | null }, candle: Candle | undefined): Dec {
  if (o.type === 'limit' && o.limitPrice) return parseDec(o.limitPrice);
  if (!candle) throw tradingErrors.TRADING_PRICE_MISSING();
  return parseDec(candle.close);
}

/**
 * Submits an order: inside the caller's transaction, locks the user's risk row (so parallel
 * submissions queue), gathers the check's inputs, decides, then reserves exposure and counts the
 * open order. Proposals (from agents) are checked but reserve nothing until confirmed.
 */
export async function submitOrder(
  tx: Db,
  orgId: string,
  userId: string,
  actor: AuditActor,
  req: OrderRequest,
  opts: { propose?: boolean; now?: Date; paper?: PaperConfig; orderId?: string } = {},
): Promise<OrderRow> {
  const portfolio = await findPortfolio(tx, orgId, userId, req.portfolioId);
  if (!portfolio) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'The portfolio does not exist.' });
  const priced = (await priceCurrencies(tx, orgId, [req.asset])).get(req.asset);
  if (priced && priced !== portfolio.quote_currency)
    throw tradingErrors.TRADING_QUOTE_MISMATCH({
      message: `Paper orders fill at the feed's ${priced} prices; this portfolio is in ${portfolio.quote_currency}.`,
      details: { priceCurrency: priced, portfolioQuote: portfolio.quote_currency },
    });
  const quantity = parseDec(req.quantity);
  if (quantity <= 0n) throw tradingErrors.TRADING_NON_POSITIVE_QUANTITY();
  if (req.limitPrice && parseDec(req.limitPrice) < 0n) throw tradingErrors.TRADING_NEGATIVE_PRICE();
  if (req.type === 'limit' && !req.limitPrice) throw tradingErrors.TRADING_INVALID_DECIMAL({ message: 'A limit order needs limitPrice.' });
  if (req.strategyId) {
    // Checked before the order is recorded, so a rejected order never names someone else's strategy.
    const owned = await strategyExposure(tx, orgId, userId, req.strategyId);
    if (!owned || owned.portfolioId !== portfolio.id) throw tradingErrors.TRADING_STRATEGY_MISMATCH();
  }
  const now = opts.now ?? new Date();
  let dayUpdate: { day: string; peak: string; currency: string } | null = null;
  let candle: Candle | undefined;
  const draft: OrderDraft = {
    portfolioId: portfolio.id,
    strategyId: req.strategyId ?? null,
    asset: req.asset,
    side: req.side,
    type: req.type,
    quantity: formatDec(quantity),
    limitPrice: req.limitPrice ? formatDec(parseDec(req.limitPrice)) : null,
    source: req.source,
  };
  let decision: Awaited<ReturnType<typeof guardedPreTradeCheck>>;
  try {
    decision = await guardedPreTradeCheck(async () => {
      const state = await lockRiskState(tx, orgId, userId);
      const limits = await currentLimits(tx, orgId, userId);
      const kills = await killSwitches(tx, orgId, userId);
      candle = (await latestCandles(tx, orgId, [req.asset])).get(req.asset);
      const price = referencePrice(req, candle);
      const held = (await positionsOf(tx, orgId, portfolio.id, [req.asset]))[0];
      const pending = await pendingQuantities(tx, orgId, userId, req.asset);
      const portfolios = await listPortfolios(tx, orgId, userId);
      // Limits, equity and the day's peak are in the user's risk currency, at the rates in force now.
      const riskCurrency = riskCurrencyOf(limits, portfolios);
      const fx = riskConverter(tx, orgId, riskCurrency, now);
      const fxRate = await fx.rateOf(portfolio.quote_currency);
      const equity = await riskEquityOf(tx, orgId, portfolios, fx.convert);
      const today = now.toISOString().slice(0, 10);
      const sameDay = state.day === today && state.day_peak_equity !== null && (state.day_peak_currency ?? riskCurrency) === riskCurrency;
      const peak = sameDay ? max(parseDec(state.day_peak_equity!), equity) : equity;
      dayUpdate = { day: today, peak: formatDec(peak), currency: riskCurrency };
      const strat = req.strategyId ? await strategyExposure(tx, orgId, userId, req.strategyId) : undefined;
      return {
        side: req.side,
        quantity,
        price,
        orderCurrency: portfolio.quote_currency,
        riskCurrency,
        fxRate,
        limits: {
          version: limits.version,
          maxPositionNotional: parseDec(limits.max_position_notional),
          maxOrderNotional: parseDec(limits.max_order_notional),
          maxOpenOrders: limits.max_open_orders,
          maxDailyLoss: parseDec(limits.max_daily_loss),
        },
        heldQuantity: held ? parseDec(held.state.quantity) : 0n,
        heldElsewhereQuantity: parseDec(await heldElsewhere(tx, orgId, userId, req.asset, portfolio.id)),
        pendingBuyQuantity: parseDec(pending.buy),
        pendingSellQuantity: parseDec(pending.sell),
        openOrders: state.open_orders,
        equity,
        dayPeakEquity: peak,
        userKill: kills.user.mode,
        globalKill: kills.global.mode,
        strategy: strat ? { maxExposure: parseDec(strat.maxExposure), exposure: parseDec(strat.exposure) } : null,
      };
    });
  } catch (err) {
    throw markRefusal(err, draft);
  }
  if (!decision.ok) {
    const make = decision.code === 'TRADING_KILL_SWITCH_ACTIVE' ? tradingErrors.TRADING_KILL_SWITCH_ACTIVE : tradingErrors.TRADING_RISK_REJECTED;
    throw markRefusal(make({ details: { reasons: decision.reasons } }), draft);
  }
  const reserve = opts.propose || req.side === 'sell' ? 0n : decision.notional;
  const order = await insertOrder(tx, orgId, {
    ...draft,
    userId,
    reserved: formatDec(reserve),
    status: opts.propose ? 'proposed' : 'open',
    matchedThrough: candle?.ts ?? null,
  });
  const d = dayUpdate as { day: string; peak: string; currency: string } | null;
  await updateRiskState(tx, orgId, userId, { reservedDelta: formatDec(reserve), openDelta: opts.propose ? 0 : 1, ...(d ?? {}) });
  await recordAudit(tx, orgId, actor, {
    action: opts.propose ? 'trading.order.propose' : 'trading.order.submit',
    targetType: 'order',
    targetId: order.id,
    data: {
      asset: req.asset,
      side: req.side,
      type: req.type,
      quantity: req.quantity,
      source: req.source,
      notional: formatDec(decision.notional),
      riskNotional: formatDec(decision.riskNotional),
      riskCurrency: decision.input?.riskCurrency,
    },
  });
  if (!opts.propose && req.type === 'market' && candle) return (await fillOrder(tx, orgId, order, candle, now, opts.paper)) ?? order;
  return order;
}

/** Fills an open order against a candle (paper): books the trade, releases reservation pro rata. */
export async function fillOrder(
  tx: Db,
  orgId: string,
  order: OrderRow,
  candle: Candle,
  now: Date,
  paper: PaperConfig = DEFAULT_PAPER,
): Promise<OrderRow | null> {
  const quantity = parseDec(order.quantity);
  const filled = parseDec(order.filled_quantity);
  const remaining = quantity - filled;
  const fill = fillAgainst(
    { side: order.side, type: order.type, remaining, limitPrice: order.limit_price ? parseDec(order.limit_price) : null },
    { open: parseDec(candle.open), high: parseDec(candle.high), low: parseDec(candle.low), close: parseDec(candle.close), volume: parseDec(candle.volume) },
    paper,
  );
  if (!fill) return null;
  const portfolio = await findPortfolio(tx, orgId, order.user_id, order.portfolio_id);
  if (!portfolio) return null;
  await bookTrades(
    tx,
    orgId,
    portfolio,
    [
      {
        asset: order.asset,
        side: order.side,
        quantity: formatDec(fill.quantity),
        price: formatDec(fill.price),
        fee: formatDec(fill.fee),
        feeAsset: portfolio.quote_currency,
        executedAt: now.toISOString(),
        venue: 'paper',
        externalId: null,
      },
    ],
    'paper',
    order.id,
  );
  const reserved = parseDec(order.reserved_notional);
  const done = fill.quantity === remaining;
  const release = done ? reserved : mulDiv(reserved, fill.quantity, remaining);
  const next = { filled: formatDec(filled + fill.quantity), reserved: formatDec(reserved - release), status: done ? 'filled' : 'partially_filled' };
  await updateOrderFill(tx, order.id, next);
  await updateRiskState(tx, orgId, order.user_id, { reservedDelta: formatDec(-release), openDelta: done ? -1 : 0 });
  return { ...order, filled_quantity: next.filled, reserved_notional: next.reserved, status: next.status };
}

export async function cancelOrder(tx: Db, orgId: string, userId: string, actor: AuditActor, id: string): Promise<OrderRow> {
  await lockRiskState(tx, orgId, userId);
  const order = await findOrder(tx, orgId, userId, id, true);
  if (!order) throw coreErrors.RESOURCE_NOT_FOUND();
  if (!['open', 'partially_filled', 'proposed'].includes(order.status)) throw tradingErrors.TRADING_ORDER_NOT_OPEN();
  const wasOpen = order.status !== 'proposed';
  await updateOrderFill(tx, order.id, { filled: order.filled_quantity, reserved: '0', status: 'cancelled' });
  await updateRiskState(tx, orgId, userId, { reservedDelta: formatDec(-parseDec(order.reserved_notional)), openDelta: wasOpen ? -1 : 0 });
  await recordAudit(tx, orgId, actor, { action: 'trading.order.cancel', targetType: 'order', targetId: order.id });
  return { ...order, status: 'cancelled', reserved_notional: '0' };
}

/** A person confirms an agent's proposal: it goes through the full check again, as a new order. */
export async function confirmProposal(tx: Db, orgId: string, userId: string, actor: AuditActor, id: string): Promise<OrderRow> {
  const order = await findOrder(tx, orgId, userId, id, true);
  if (!order || order.status !== 'proposed') throw tradingErrors.TRADING_ORDER_NOT_OPEN();
  await updateOrderFill(tx, order.id, { filled: '0', reserved: '0', status: 'cancelled' });
  return submitOrder(tx, orgId, userId, actor, {
    portfolioId: order.portfolio_id,
    asset: order.asset,
    side: order.side,
    type: order.type,
    quantity: order.quantity,
    limitPrice: order.limit_price,
    strategyId: order.strategy_id,
    source: 'agent',
  });
}

export function orderView(o: OrderRow) {
  return {
    id: o.id,
    portfolioId: o.portfolio_id,
    strategyId: o.strategy_id,
    asset: o.asset,
    side: o.side,
    type: o.type,
    quantity: norm(o.quantity),
    limitPrice: o.limit_price === null ? null : norm(o.limit_price),
    filledQuantity: norm(o.filled_quantity),
    reservedNotional: norm(o.reserved_notional),
    status: o.status,
    rejectCode: o.reject_code,
    rejectReasons: o.reject_reasons ?? [],
    source: o.source,
    createdAt: new Date(o.created_at).toISOString(),
  };
}

/** numeric columns come back padded to 18 places; the API shows the shortest exact text. */
export function norm(text: string): string {
  return formatDec(parseDec(text));
}
