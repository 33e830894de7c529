import { formatDec, mul, ONE, type Dec } from '../decimal/fixed-decimal.ts';
import type { CostMethod } from '../pnl/lot-book.ts';
import { PortfolioBook, revalue } from '../pnl/portfolio-book.ts';
import { preTradeCheck, type RiskLimits } from '../risk/pre-trade-check.ts';
import { DEFAULT_PAPER, fillAgainst, type FillCandle, type PaperConfig } from './fill-engine.ts';
import { signalAt, type StrategyKind, type StrategyParams } from './strategy-signals.ts';

export interface BacktestInput {
  asset: string;
  kind: StrategyKind;
  params: StrategyParams;
  candles: (FillCandle & { ts: Date })[];
  limits: RiskLimits;
  maxExposure: Dec;
  /** The strategy portfolio's currency, the risk currency of the limits, and the rate between them (now). */
  fx?: { orderCurrency: string; riskCurrency: string; rate: Dec };
  method?: CostMethod;
  paper?: PaperConfig;
}

export interface BacktestReport {
  candles: number;
  from: string | null;
  to: string | null;
  trades: number;
  rejected: number;
  rejections: string[];
  realized: string;
  unrealized: string;
  invested: string;
  fees: string;
  finalQuantity: string;
  totalPnl: string;
  /** Largest fall of total P&L from a running peak, in quote currency. */
  maxDrawdown: string;
  curve: { date: string; pnl: string }[];
}

/** Replays a strategy over stored candles with market fills, fees, slippage and the same pre-trade check. */
export function runBacktest(input: BacktestInput): BacktestReport {
  const book = new PortfolioBook(input.method ?? 'fifo');
  const closes: Dec[] = [];
  let trades = 0;
  let rejected = 0;
  const rejections: string[] = [];
  let peak: Dec | null = null;
  let maxDd = 0n;
  const curve: { date: string; pnl: string }[] = [];
  for (const [i, c] of input.candles.entries()) {
    closes.push(c.close);
    const sig = signalAt(input.kind, input.params, closes, i);
    const held = book.position(input.asset)?.quantity ?? 0n;
    const cost = book.position(input.asset)?.costBasis ?? 0n;
    const quantity = sig.action === 'buy' ? sig.quantity : sig.action === 'sell_all' ? held : 0n;
    if (quantity > 0n) {
      const side = sig.action === 'buy' ? 'buy' : 'sell';
      const val = revalue(book.positions(), () => c.close);
      const fx = input.fx ?? { orderCurrency: 'USD', riskCurrency: 'USD', rate: ONE };
      const pnl = val.realized + (val.unrealized ?? 0n);
      const equity = fx.orderCurrency === fx.riskCurrency ? pnl : mul(pnl, fx.rate);
      const decision = preTradeCheck({
        side,
        quantity,
        price: c.close,
        orderCurrency: fx.orderCurrency,
        riskCurrency: fx.riskCurrency,
        fxRate: fx.rate,
        limits: input.limits,
        heldQuantity: held,
        pendingBuyQuantity: 0n,
        pendingSellQuantity: 0n,
        openOrders: 0,
        equity,
        dayPeakEquity: peak === null || equity > peak ? equity : peak,
        userKill: 'off',
        globalKill: 'off',
        strategy: { maxExposure: input.maxExposure, exposure: cost },
      });
      if (!decision.ok) {
        rejected++;
        if (rejections.length < 20) rejections.push(`${c.ts.toISOString().slice(0, 10)}: ${decision.reasons.join('; ')}`);
      } else {
        const fill = fillAgainst({ side, type: 'market', remaining: quantity, limitPrice: null }, c, input.paper ?? DEFAULT_PAPER);
        if (fill) {
          book.apply({ asset: input.asset, side, quantity: fill.quantity, price: fill.price, fee: fill.fee, feeIn: 'quote', time: c.ts.getTime() });
          trades++;
        }
      }
    }
    const val = revalue(book.positions(), () => c.close);
    const pnl = val.realized + (val.unrealized ?? 0n);
    if (peak === null || pnl > peak) peak = pnl;
    if (peak - pnl > maxDd) maxDd = peak - pnl;
    curve.push({ date: c.ts.toISOString().slice(0, 10), pnl: formatDec(pnl) });
  }
  const last = input.candles[input.candles.length - 1];
  const val = revalue(book.positions(), () => last?.close ?? 0n);
  const pos = book.position(input.asset);
  return {
    candles: input.candles.length,
    from: input.candles[0]?.ts.toISOString() ?? null,
    to: last?.ts.toISOString() ?? null,
    trades,
    rejected,
    rejections,
    realized: formatDec(val.realized),
    unrealized: formatDec(val.unrealized ?? 0n),
    invested: formatDec(val.invested),
    fees: formatDec(val.fees),
    finalQuantity: formatDec(pos?.quantity ?? 0n),
    totalPnl: formatDec(val.realized + (val.unrealized ?? 0n)),
    maxDrawdown: formatDec(maxDd),
    curve,
  };
}
