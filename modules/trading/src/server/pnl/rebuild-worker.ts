import { parentPort } from 'node:worker_threads';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import type { CostMethod } from './lot-book.ts';
import { PortfolioBook, type EngineTrade, type FeeIn, type Side } from './portfolio-book.ts';
import { encodeSnapshot, type EncodedSnapshot } from './snapshot-codec.ts';

/** A trade as it crosses the thread boundary: decimals as text, time in ms. */
export interface WireTrade {
  asset: string;
  side: Side;
  quantity: string;
  price: string;
  fee: string;
  feeIn: FeeIn;
  time: number;
}

export interface RebuildRequest {
  method: CostMethod;
  trades: WireTrade[];
}

export type RebuildResponse =
  { ok: true; positions: EncodedSnapshot[]; realized: string; ms: number } | { ok: false; error: string; code: string | null; index: number };

/** Replays a whole history in time order; runs on a worker so big rebuilds never block requests. */
export function rebuild(req: RebuildRequest): RebuildResponse {
  const started = performance.now();
  const book = new PortfolioBook(req.method);
  let realized = 0n;
  for (let i = 0; i < req.trades.length; i++) {
    const w = req.trades[i]!;
    const t: EngineTrade = {
      asset: w.asset,
      side: w.side,
      quantity: parseDec(w.quantity),
      price: parseDec(w.price),
      fee: parseDec(w.fee),
      feeIn: w.feeIn,
      time: w.time,
    };
    try {
      realized += book.apply(t);
    } catch (err) {
      const code = err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : null;
      return { ok: false, error: err instanceof Error ? err.message : String(err), code, index: i };
    }
  }
  const positions = book.positions().map((p) => encodeSnapshot(book.snapshot(p.asset)!));
  return { ok: true, positions, realized: formatDec(realized), ms: performance.now() - started };
}

/**
 * A history crosses the thread boundary in chunks: cloning 100k objects (or building one big
 * string) in a single step would hold the main thread for tens of milliseconds.
 */
export type WorkerMessage = { kind: 'chunk'; trades: WireTrade[] } | { kind: 'run'; method: CostMethod };

const received: WireTrade[] = [];
parentPort?.on('message', (m: WorkerMessage) => {
  if (m.kind === 'chunk') {
    for (const t of m.trades) received.push(t);
    return;
  }
  parentPort!.postMessage(rebuild({ method: m.method, trades: received }));
  received.length = 0;
});
