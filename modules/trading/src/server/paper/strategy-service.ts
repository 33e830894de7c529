import { recordAudit, coreErrors, type AuditActor, type Db } from '@tessera/core';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import { tradingErrors } from '../errors.ts';
import { findPortfolio, listPortfolios, positionsOf } from '../portfolio/portfolio-repository.ts';
import { candlesOf } from '../portfolio/price-repository.ts';
import { dec } from '../portfolio/trade-booking.ts';
import { orderView, submitOrder } from '../risk/order-service.ts';
import { withRefusalRecord } from '../risk/order-refusals.ts';
import { currentLimits } from '../risk/risk-repository.ts';
import { riskConverter, riskCurrencyOf } from '../risk/risk-currency.ts';
import { runBacktest, type BacktestReport } from './backtest.ts';
import { signalAt } from './strategy-signals.ts';
import { advanceStrategyCursor, insertStrategy, type NewStrategy, type StrategyRow } from './strategy-repository.ts';

export interface StrategyRunResult {
  action: string;
  reason: string | null;
  order: ReturnType<typeof orderView> | null;
}

/** Validates a new strategy against its kind and amounts, then stores it, audited. */
export async function createStrategy(db: Db, orgId: string, userId: string, actor: AuditActor, b: NewStrategy): Promise<StrategyRow> {
  if (!(await findPortfolio(db, orgId, userId, b.portfolioId))) throw coreErrors.RESOURCE_NOT_FOUND();
  const isDca = 'everyDays' in b.params;
  if (isDca !== (b.kind === 'dca')) throw coreErrors.VALIDATION_FAILED({ message: 'params do not match the strategy kind' });
  if (!isDca && 'fast' in b.params && b.params.fast >= b.params.slow) throw coreErrors.VALIDATION_FAILED({ message: 'fast must be shorter than slow' });
  if (dec(b.params.quoteAmount, 'quoteAmount') <= 0n) throw tradingErrors.TRADING_NON_POSITIVE_QUANTITY({ message: 'quoteAmount must be positive' });
  if (dec(b.maxExposure, 'maxExposure') < 0n) throw tradingErrors.TRADING_NEGATIVE_PRICE({ message: 'maxExposure must not be negative' });
  return db.transaction(async (tx) => {
    const row = await insertStrategy(tx, orgId, userId, b);
    await recordAudit(tx, orgId, actor, {
      action: 'trading.strategy.create',
      targetType: 'strategy',
      targetId: row.id,
      data: { kind: b.kind, asset: b.asset },
    });
    return row;
  });
}

/**
 * Evaluates the strategy on the latest candle (once per candle) and places its market order
 * through the pre-trade check; a refusal rolls back the cursor too and is stored as rejected.
 */
export async function runStrategy(db: Db, orgId: string, userId: string, actor: AuditActor, s: StrategyRow): Promise<StrategyRunResult> {
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
  return withRefusalRecord(db, orgId, userId, actor, () =>
    db.transaction(async (tx) => {
      await advanceStrategyCursor(tx, s.id, last.ts);
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
}

/** Replays the stored candles with the same signal and the user's current limits. */
export async function backtestStrategy(db: Db, orgId: string, userId: string, s: StrategyRow, days: number): Promise<BacktestReport> {
  const candles = await candlesOf(db, orgId, s.asset, days);
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
}
