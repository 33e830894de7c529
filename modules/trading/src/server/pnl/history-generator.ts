import { formatDec } from '../decimal/fixed-decimal.ts';
import { intBetween, seededRandom } from '../synthetic/seeded-random.ts';
import type { WireTrade } from './rebuild-worker.ts';

export interface HistoryOptions {
  seed: number;
  trades: number;
  assets: number;
  /** Quote fees on sells (buys stay fee-free so a ledger's per-unit cost equals the price). */
  sellFees?: boolean;
  startMs?: number;
}

/**
 * A deterministic buy/sell history that never sells beyond holdings: quantities with 4 places and
 * prices with 2, built from integers (the decimals are exact by construction).
 */
export function generateHistory(o: HistoryOptions): WireTrade[] {
  const rand = seededRandom(o.seed);
  const held = new Map<string, bigint>(); // in 1e-4 units
  const out: WireTrade[] = [];
  const start = o.startMs ?? Date.UTC(2023, 0, 1);
  const step = Math.max(1, Math.floor((365 * 86_400_000) / Math.max(1, o.trades)));
  for (let i = 0; i < o.trades; i++) {
    const asset = `A${intBetween(rand, 0, o.assets - 1)
      .toString()
      .padStart(4, '0')}`;
    const h = held.get(asset) ?? 0n;
    const sell = h > 0n && rand() < 0.45;
    const priceCents = intBetween(rand, 100, 5_000_000);
    let qty: bigint;
    if (sell) qty = rand() < 0.2 ? h : BigInt(Math.max(1, Math.floor(Number(h) * rand())));
    else qty = BigInt(intBetween(rand, 1, 500_000));
    held.set(asset, sell ? h - qty : h + qty);
    const fee = sell && o.sellFees ? BigInt(intBetween(rand, 0, 500)) : 0n; // cents
    out.push({
      asset,
      side: sell ? 'sell' : 'buy',
      quantity: formatDec(qty * 10n ** 14n),
      price: formatDec(BigInt(priceCents) * 10n ** 16n),
      fee: formatDec(fee * 10n ** 16n),
      feeIn: 'quote',
      time: start + i * step,
    });
  }
  return out;
}
