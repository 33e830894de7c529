import { formatDec as f, mul, type Dec } from '../decimal/fixed-decimal.ts';

export type KillMode = 'off' | 'soft' | 'hard';

export interface RiskLimits {
  version: number;
  /** All amounts are notionals in the user's risk currency (not percentages). */
  maxPositionNotional: Dec;
  maxOrderNotional: Dec;
  maxOpenOrders: number;
  /** Loss from the day's peak equity (realized + unrealized P&L) that halts new risk. */
  maxDailyLoss: Dec;
}

export interface PreTradeInput {
  side: 'buy' | 'sell';
  quantity: Dec;
  /** Reference price in the order's currency: the limit price, or the latest price for market orders. */
  price: Dec;
  /** The order's (its portfolio's) currency, the user's risk currency, and the rate between them at check time. */
  orderCurrency: string;
  riskCurrency: string;
  fxRate: Dec;
  limits: RiskLimits;
  /** Quantity held now plus open buy quantity not yet filled, for this asset. */
  heldQuantity: Dec;
  /** Held in the user's other portfolios: counts towards the position limit, cannot be sold from here. */
  heldElsewhereQuantity?: Dec;
  pendingBuyQuantity: Dec;
  pendingSellQuantity: Dec;
  openOrders: number;
  /** Realized + unrealized P&L over all portfolios, and the day's peak of it, in the risk currency. */
  equity: Dec;
  dayPeakEquity: Dec;
  userKill: KillMode;
  globalKill: KillMode;
  /** exposure in the order's currency (a strategy trades one portfolio); maxExposure in the risk currency. */
  strategy: { maxExposure: Dec; exposure: Dec } | null;
}

/** `notional` is in the order's currency (what is reserved); `riskNotional` in the risk currency. */
export type PreTradeDecision =
  | { ok: true; notional: Dec; riskNotional: Dec; reduceOnly: boolean }
  | { ok: false; code: 'TRADING_KILL_SWITCH_ACTIVE' | 'TRADING_RISK_REJECTED'; reasons: string[] };

/**
 * The one pre-trade check. Pure and synchronous: it sees only numbers gathered under the user's
 * risk-row lock. Reduce-only means a sell that does not exceed what is held net of other sells.
 */
export function preTradeCheck(i: PreTradeInput): PreTradeDecision {
  if (i.quantity <= 0n) return { ok: false, code: 'TRADING_RISK_REJECTED', reasons: ['quantity must be positive'] };
  if (i.price < 0n) return { ok: false, code: 'TRADING_RISK_REJECTED', reasons: ['price must not be negative'] };
  const notional = mul(i.quantity, i.price);
  // Every limit is compared in the risk currency; amounts in the order's currency convert at fxRate.
  const toRisk = (amount: Dec): Dec => (i.orderCurrency === i.riskCurrency ? amount : mul(amount, i.fxRate));
  const cur = ` ${i.riskCurrency}`;
  const riskNotional = toRisk(notional);
  const reduceOnly = i.side === 'sell' && i.quantity + i.pendingSellQuantity <= i.heldQuantity;
  const kill = i.globalKill === 'hard' || i.userKill === 'hard' ? 'hard' : i.globalKill === 'soft' || i.userKill === 'soft' ? 'soft' : 'off';
  if (kill === 'hard')
    return { ok: false, code: 'TRADING_KILL_SWITCH_ACTIVE', reasons: [`hard halt (${i.globalKill === 'hard' ? 'global' : 'user'}): no orders`] };
  if (kill === 'soft' && !reduceOnly)
    return {
      ok: false,
      code: 'TRADING_KILL_SWITCH_ACTIVE',
      reasons: [`soft halt (${i.globalKill === 'soft' ? 'global' : 'user'}): only orders that reduce a position`],
    };
  const reasons: string[] = [];
  if (i.side === 'sell' && !reduceOnly) reasons.push('sell exceeds holdings net of open sells (paper trading has no shorts)');
  if (i.openOrders + 1 > i.limits.maxOpenOrders) reasons.push(`open orders would be ${i.openOrders + 1} > max ${i.limits.maxOpenOrders}`);
  if (riskNotional > i.limits.maxOrderNotional)
    reasons.push(`order notional ${f(riskNotional)}${cur} > max order notional ${f(i.limits.maxOrderNotional)}${cur}`);
  if (i.side === 'buy') {
    const projected = toRisk(mul(i.heldQuantity + (i.heldElsewhereQuantity ?? 0n) + i.pendingBuyQuantity + i.quantity, i.price));
    if (projected > i.limits.maxPositionNotional)
      reasons.push(`position notional would be ${f(projected)}${cur} > max ${f(i.limits.maxPositionNotional)}${cur}`);
    const exposure = i.strategy ? toRisk(i.strategy.exposure + notional) : 0n;
    if (i.strategy && exposure > i.strategy.maxExposure)
      reasons.push(`strategy exposure would be ${f(exposure)}${cur} > max ${f(i.strategy.maxExposure)}${cur}`);
    const drawdown = i.dayPeakEquity - i.equity;
    if (drawdown >= i.limits.maxDailyLoss)
      reasons.push(`daily loss from peak ${f(drawdown)}${cur} >= max ${f(i.limits.maxDailyLoss)}${cur}: only reducing orders today`);
  }
  return reasons.length ? { ok: false, code: 'TRADING_RISK_REJECTED', reasons } : { ok: true, notional, riskNotional, reduceOnly };
}
