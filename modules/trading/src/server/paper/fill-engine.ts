import { divRound, mul, mulDiv, type Dec } from '../decimal/fixed-decimal.ts';

export interface PaperConfig {
  /** Slippage against market orders, in basis points of the reference price. */
  slippageBps: bigint;
  /** Fee in basis points of notional, charged in the quote currency. */
  feeBps: bigint;
  /** Share of a candle's volume one order may take; the rest stays open (a partial fill). */
  participationBps: bigint;
}

export const DEFAULT_PAPER: PaperConfig = { slippageBps: 10n, feeBps: 10n, participationBps: 1_000n };

export interface FillCandle {
  open: Dec;
  high: Dec;
  low: Dec;
  close: Dec;
  volume: Dec;
}

export interface PaperOrder {
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  remaining: Dec;
  limitPrice: Dec | null;
}

export interface Fill {
  quantity: Dec;
  price: Dec;
  fee: Dec;
}

/**
 * Fills a paper order against one candle. Market orders pay slippage on the close; limit orders
 * fill at their limit when the candle trades through it. Volume caps the fill (participation), so
 * big orders fill over several candles. Returns null when nothing fills.
 */
export function fillAgainst(o: PaperOrder, c: FillCandle, cfg: PaperConfig = DEFAULT_PAPER): Fill | null {
  let price: Dec;
  if (o.type === 'market') {
    const slip = divRound(c.close * cfg.slippageBps, 10_000n);
    price = o.side === 'buy' ? c.close + slip : c.close - slip;
  } else {
    if (o.limitPrice === null) return null;
    if (o.side === 'buy' && c.low > o.limitPrice) return null;
    if (o.side === 'sell' && c.high < o.limitPrice) return null;
    price = o.limitPrice;
  }
  if (price < 0n) price = 0n;
  const liquidity = c.volume > 0n ? mulDiv(c.volume, cfg.participationBps, 10_000n) : o.remaining;
  const quantity = o.remaining < liquidity ? o.remaining : liquidity;
  if (quantity <= 0n) return null;
  const fee = divRound(mul(quantity, price) * cfg.feeBps, 10_000n);
  return { quantity, price, fee };
}
