import { formatDec } from '../decimal/fixed-decimal.ts';
import { intBetween, seededRandom } from '../synthetic/seeded-random.ts';
import type { Candle } from './price-repository.ts';

export const DEMO_ASSETS: readonly { symbol: string; name: string; start: bigint }[] = [
  { symbol: 'BTC', name: 'Bitcoin', start: 42_000_00n },
  { symbol: 'ETH', name: 'Ether', start: 2_300_00n },
  { symbol: 'SOL', name: 'Solana', start: 95_00n },
  { symbol: 'ADA', name: 'Cardano', start: 55n },
  { symbol: 'DOGE', name: 'Dogecoin', start: 9n },
];

/**
 * A deterministic random walk of daily candles in integer cents (ten-thousandths for cheap coins):
 * each day moves the close by -5%..+5.2% in basis points, so the same seed always yields the same
 * exact decimal prices.
 */
export function syntheticCandles(symbol: string, startCents: bigint, fromMs: number, days: number, seed: number): Candle[] {
  const rand = seededRandom(seed ^ [...symbol].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7));
  // 1e-4 quote units, so even cheap coins move smoothly.
  let close = startCents * 100n;
  const out: Candle[] = [];
  const unit = 10n ** 14n; // 1e-4 in 18-place fixed point
  for (let d = 0; d < days; d++) {
    const open = close;
    const bps = BigInt(intBetween(rand, -500, 520));
    close = open + (open * bps) / 10_000n;
    if (close < 1n) close = 1n;
    const hi = (open > close ? open : close) + (open * BigInt(intBetween(rand, 0, 150))) / 10_000n;
    const lo0 = (open < close ? open : close) - (open * BigInt(intBetween(rand, 0, 150))) / 10_000n;
    const lo = lo0 < 1n ? 1n : lo0;
    out.push({
      asset: symbol,
      ts: new Date(fromMs + d * 86_400_000),
      open: formatDec(open * unit),
      high: formatDec(hi * unit),
      low: formatDec(lo * unit),
      close: formatDec(close * unit),
      volume: String(intBetween(rand, 1_000, 90_000)),
    });
  }
  return out;
}
