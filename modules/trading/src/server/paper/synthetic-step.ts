import { createHash } from 'node:crypto';
import { formatDec, parseDec, type Dec } from '../decimal/fixed-decimal.ts';
import type { Candle } from '../portfolio/price-repository.ts';
import { intBetween, seededRandom } from '../synthetic/seeded-random.ts';

const UNIT = 10n ** 14n; // prices move in steps of 1e-4, as in the seeded demo feed

function seedOf(asset: string, ts: Date): number {
  return createHash('sha256').update(`${asset}@${ts.toISOString()}`).digest().readUInt32BE(0);
}

const roundToUnit = (x: Dec): Dec => (x / UNIT) * UNIT;

/**
 * The candle that continues a synthetic feed after `prevClose`: the same random walk as the seeded
 * demo feed (-5%..+5.2% per step, wicks up to 1.5%), seeded by asset and time, so any process that
 * computes the candle for a given time from the same previous close gets exactly the same one.
 */
export function nextSyntheticCandle(asset: string, prevClose: string, ts: Date): Candle {
  const rand = seededRandom(seedOf(asset, ts));
  const open = parseDec(prevClose);
  let close = roundToUnit(open + (open * BigInt(intBetween(rand, -500, 520))) / 10_000n);
  if (close < UNIT) close = UNIT;
  const top = open > close ? open : close;
  const bottom = open < close ? open : close;
  const high = roundToUnit(top + (open * BigInt(intBetween(rand, 0, 150))) / 10_000n);
  let low = roundToUnit(bottom - (open * BigInt(intBetween(rand, 0, 150))) / 10_000n);
  if (low < UNIT) low = UNIT;
  return {
    asset,
    ts,
    open: formatDec(open),
    high: formatDec(high > top ? high : top),
    low: formatDec(low < bottom ? low : bottom),
    close: formatDec(close),
    volume: String(intBetween(rand, 1_000, 90_000)),
  };
}
