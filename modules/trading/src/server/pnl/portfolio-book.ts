import { div, mul, type Dec } from '../decimal/fixed-decimal.ts';
import { LotBook, type CostMethod, type Lot } from './lot-book.ts';

export type Side = 'buy' | 'sell';
/** Which asset the fee was paid in: the quote currency, or the traded (base) asset itself. */
export type FeeIn = 'quote' | 'base';

export interface EngineTrade {
  asset: string;
  side: Side;
  quantity: Dec;
  price: Dec;
  fee: Dec;
  feeIn: FeeIn;
  /** Epoch milliseconds. */
  time: number;
  /** An asset transferred in (buy) or out (sell) at market value: an external flow, no cash moves. */
  flow?: boolean;
}

export type EngineRejection = 'NON_POSITIVE_QUANTITY' | 'NEGATIVE_PRICE' | 'NEGATIVE_FEE' | 'FEE_EXCEEDS_QUANTITY' | 'SELL_EXCEEDS_HOLDINGS';

export class TradeRejectedError extends Error {
  override name = 'TradeRejectedError';
  readonly code: EngineRejection;
  constructor(code: EngineRejection, message: string) {
    super(message);
    this.code = code;
  }
}

export interface PositionState {
  asset: string;
  /** Quantity held now, and the cost basis of exactly those units (quote currency, fees included). */
  quantity: Dec;
  costBasis: Dec;
  /** Lifetime realized P&L of this asset; fees paid (valued in quote at the trade price). */
  realized: Dec;
  fees: Dec;
  /** Total quote spent on acquisitions (the denominator of the simple return). */
  invested: Dec;
  tradeCount: number;
  lastTime: number;
  /** When the current holding period began (reset when the position closes). */
  openedAt: number | null;
}

export interface PositionSnapshot extends PositionState {
  lots: Lot[];
}

interface Entry {
  state: PositionState;
  book: LotBook;
}

/**
 * Position state for one portfolio, kept incrementally: each trade updates its asset's lot book in
 * O(log n), and valuation reads the aggregates only. Rebuilding means replaying trades in time
 * order into a fresh book (see rebuild-worker.ts for big histories).
 */
export class PortfolioBook {
  private readonly entries = new Map<string, Entry>();

  readonly method: CostMethod;
  constructor(method: CostMethod) {
    this.method = method;
  }

  /** Applies one trade; returns the realized P&L it produced. Throws TradeRejectedError, changing nothing. */
  apply(t: EngineTrade): Dec {
    if (t.quantity <= 0n) throw new TradeRejectedError('NON_POSITIVE_QUANTITY', 'quantity must be greater than zero');
    if (t.price < 0n) throw new TradeRejectedError('NEGATIVE_PRICE', 'price must not be negative');
    if (t.fee < 0n) throw new TradeRejectedError('NEGATIVE_FEE', 'fee must not be negative');
    const e = this.entry(t.asset);
    const s = e.state;
    const gross = mul(t.quantity, t.price);
    if (t.side === 'buy') {
      let lotQty = t.quantity;
      let lotCost = gross;
      if (t.feeIn === 'quote') lotCost += t.fee;
      else {
        // Paid in the asset bought: fewer units arrive for the same money.
        if (t.fee >= t.quantity) throw new TradeRejectedError('FEE_EXCEEDS_QUANTITY', 'a fee paid in the bought asset must be smaller than the quantity');
        lotQty -= t.fee;
      }
      if (s.quantity === 0n) s.openedAt = t.time;
      e.book.add(lotQty, lotCost);
      s.invested += lotCost;
      s.fees += t.feeIn === 'quote' ? t.fee : mul(t.fee, t.price);
      this.sync(s, e.book, t);
      return 0n;
    }
    // Sell: a fee in the sold asset leaves holdings too but earns nothing.
    const disposed = t.feeIn === 'base' ? t.quantity + t.fee : t.quantity;
    const proceeds = t.feeIn === 'quote' ? gross - t.fee : gross;
    if (disposed > e.book.qty) {
      throw new TradeRejectedError('SELL_EXCEEDS_HOLDINGS', `selling ${disposed} units (fee included) of ${t.asset} but only ${e.book.qty} are held`);
    }
    const costOut = e.book.take(disposed);
    const realized = proceeds - costOut;
    s.realized += realized;
    s.fees += t.feeIn === 'quote' ? t.fee : mul(t.fee, t.price);
    this.sync(s, e.book, t);
    if (e.book.qty === 0n) s.openedAt = null;
    return realized;
  }

  position(asset: string): PositionState | undefined {
    return this.entries.get(asset)?.state;
  }

  positions(): PositionState[] {
    return [...this.entries.values()].map((e) => e.state);
  }

  snapshot(asset: string): PositionSnapshot | undefined {
    const e = this.entries.get(asset);
    return e ? { ...e.state, lots: e.book.snapshot() } : undefined;
  }

  restore(snap: PositionSnapshot): void {
    const book = new LotBook(this.method);
    book.restore(snap.lots);
    const { lots: _lots, ...state } = snap;
    this.entries.set(snap.asset, { state: { ...state }, book });
  }

  private entry(asset: string): Entry {
    let e = this.entries.get(asset);
    if (!e) {
      e = {
        book: new LotBook(this.method),
        state: { asset, quantity: 0n, costBasis: 0n, realized: 0n, fees: 0n, invested: 0n, tradeCount: 0, lastTime: 0, openedAt: null },
      };
      this.entries.set(asset, e);
    }
    return e;
  }

  private sync(s: PositionState, book: LotBook, t: EngineTrade): void {
    s.quantity = book.qty;
    s.costBasis = book.cost;
    s.tradeCount++;
    s.lastTime = Math.max(s.lastTime, t.time);
  }
}

export interface PositionValuation {
  asset: string;
  quantity: Dec;
  costBasis: Dec;
  averageCost: Dec | null;
  realized: Dec;
  fees: Dec;
  price: Dec | null;
  marketValue: Dec | null;
  unrealized: Dec | null;
  /** `price_missing`: no price for a held asset; its value and unrealized P&L are unknown, not zero. */
  status: 'ok' | 'price_missing' | 'closed';
}

export interface PortfolioValuation {
  positions: PositionValuation[];
  realized: Dec;
  /** Null when any held asset lacks a price; `unrealizedPriced` sums the priced ones. */
  unrealized: Dec | null;
  unrealizedPriced: Dec;
  marketValue: Dec | null;
  costBasis: Dec;
  invested: Dec;
  fees: Dec;
  missingPrices: string[];
  complete: boolean;
}

/** Revalues aggregated positions against prices: O(positions), no history replay. */
export function revalue(positions: readonly PositionState[], priceOf: (asset: string) => Dec | undefined): PortfolioValuation {
  const out: PositionValuation[] = [];
  let realized = 0n;
  let unrealizedPriced = 0n;
  let marketValue = 0n;
  let costBasis = 0n;
  let invested = 0n;
  let fees = 0n;
  const missing: string[] = [];
  for (const p of positions) {
    realized += p.realized;
    costBasis += p.costBasis;
    invested += p.invested;
    fees += p.fees;
    const base = {
      asset: p.asset,
      quantity: p.quantity,
      costBasis: p.costBasis,
      realized: p.realized,
      fees: p.fees,
      averageCost: p.quantity > 0n ? div(p.costBasis, p.quantity) : null,
    };
    if (p.quantity === 0n) {
      out.push({ ...base, price: priceOf(p.asset) ?? null, marketValue: 0n, unrealized: 0n, status: 'closed' });
      continue;
    }
    const price = priceOf(p.asset);
    if (price === undefined) {
      missing.push(p.asset);
      out.push({ ...base, price: null, marketValue: null, unrealized: null, status: 'price_missing' });
      continue;
    }
    const mv = mul(p.quantity, price);
    marketValue += mv;
    unrealizedPriced += mv - p.costBasis;
    out.push({ ...base, price, marketValue: mv, unrealized: mv - p.costBasis, status: 'ok' });
  }
  const complete = missing.length === 0;
  return {
    positions: out,
    realized,
    unrealized: complete ? unrealizedPriced : null,
    unrealizedPriced,
    marketValue: complete ? marketValue : null,
    costBasis,
    invested,
    fees,
    missingPrices: missing,
    complete,
  };
}
