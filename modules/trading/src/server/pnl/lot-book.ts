import { mulDiv, type Dec } from '../decimal/fixed-decimal.ts';

export type CostMethod = 'fifo' | 'lifo' | 'hifo' | 'avg';
export const COST_METHODS: readonly CostMethod[] = ['fifo', 'lifo', 'hifo', 'avg'];

/** One acquisition still (partly) held: quantity and its total cost in the quote currency. */
export interface Lot {
  qty: Dec;
  cost: Dec;
  seq: number;
}

export class InsufficientHoldingsError extends Error {
  override name = 'InsufficientHoldingsError';
  readonly wanted: Dec;
  readonly held: Dec;
  constructor(wanted: Dec, held: Dec) {
    super('sell exceeds holdings');
    this.wanted = wanted;
    this.held = held;
  }
}

/**
 * The open lots of one asset under one cost-basis method. FIFO is a queue, LIFO a stack, HIFO a
 * max-heap on unit cost (compared by cross-multiplying, so no division), average cost a single
 * aggregate lot. Taking part of a lot removes cost * taken / lotQty; taking the rest of a lot
 * removes its remaining cost, so the book's total cost is always the exact sum of what was added
 * minus what was removed.
 */
export class LotBook {
  private lots: Lot[] = [];
  private head = 0; // FIFO: index of the oldest live lot
  private nextSeq = 0;
  qty: Dec = 0n;
  cost: Dec = 0n;

  readonly method: CostMethod;
  constructor(method: CostMethod) {
    this.method = method;
  }

  get lotCount(): number {
    return this.lots.length - this.head;
  }

  add(qty: Dec, cost: Dec): void {
    this.qty += qty;
    this.cost += cost;
    if (this.method === 'avg') {
      const only = this.lots[0];
      if (only) {
        only.qty += qty;
        only.cost += cost;
      } else this.lots.push({ qty, cost, seq: this.nextSeq++ });
      return;
    }
    const lot = { qty, cost, seq: this.nextSeq++ };
    this.lots.push(lot);
    if (this.method === 'hifo') this.siftUp(this.lots.length - 1);
  }

  /** Removes `qty` from the lots in method order; returns the cost basis removed. */
  take(qty: Dec): Dec {
    if (qty > this.qty) throw new InsufficientHoldingsError(qty, this.qty);
    let remaining = qty;
    let removed = 0n;
    while (remaining > 0n) {
      const lot = this.peek();
      if (!lot) throw new InsufficientHoldingsError(qty, this.qty);
      if (lot.qty <= remaining) {
        remaining -= lot.qty;
        removed += lot.cost;
        this.pop();
      } else {
        const part = mulDiv(lot.cost, remaining, lot.qty);
        lot.qty -= remaining;
        lot.cost -= part;
        removed += part;
        remaining = 0n;
      }
    }
    this.qty -= qty;
    this.cost -= removed;
    if (this.qty === 0n) this.clear();
    return removed;
  }

  /** A closed position starts afresh: no lot, no leftover cost (the classic average-cost bug). */
  clear(): void {
    this.lots = [];
    this.head = 0;
    this.qty = 0n;
    this.cost = 0n;
  }

  snapshot(): Lot[] {
    const live = this.lots.slice(this.head).map((l) => ({ ...l }));
    return this.method === 'hifo' ? live.sort((a, b) => compareUnitCost(b, a) || a.seq - b.seq) : live;
  }

  restore(lots: readonly Lot[]): void {
    this.clear();
    for (const l of [...lots].sort((a, b) => a.seq - b.seq)) {
      this.nextSeq = l.seq;
      this.add(l.qty, l.cost);
    }
    this.nextSeq = lots.reduce((m, l) => Math.max(m, l.seq + 1), this.nextSeq);
  }

  private peek(): Lot | undefined {
    if (this.method === 'fifo') return this.lots[this.head];
    if (this.method === 'lifo') return this.lots[this.lots.length - 1];
    return this.lots[0];
  }

  private pop(): void {
    if (this.method === 'fifo') {
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.lots.length) {
        this.lots = this.lots.slice(this.head);
        this.head = 0;
      }
    } else if (this.method === 'lifo' || this.method === 'avg') this.lots.pop();
    else {
      const last = this.lots.pop();
      if (last && this.lots.length > 0) {
        this.lots[0] = last;
        this.siftDown(0);
      }
    }
  }

  private higher(i: number, j: number): boolean {
    const a = this.lots[i]!;
    const b = this.lots[j]!;
    const c = compareUnitCost(a, b);
    return c > 0 || (c === 0 && a.seq < b.seq);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.higher(i, p)) return;
      [this.lots[i], this.lots[p]] = [this.lots[p]!, this.lots[i]!];
      i = p;
    }
  }

  private siftDown(i: number): void {
    const n = this.lots.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < n && this.higher(l, top)) top = l;
      if (r < n && this.higher(r, top)) top = r;
      if (top === i) return;
      [this.lots[i], this.lots[top]] = [this.lots[top]!, this.lots[i]!];
      i = top;
    }
  }
}

/** Sign of unitCost(a) - unitCost(b) without dividing. */
function compareUnitCost(a: Lot, b: Lot): number {
  const l = a.cost * b.qty;
  const r = b.cost * a.qty;
  return l > r ? 1 : l < r ? -1 : 0;
}
