// The generator is core's; this file adds the trading-specific draws on top of it.
export { seededRandom } from '@tessera/core';

/** An integer in [lo, hi] from a PRNG (used to build exact decimals from integers, never floats). */
export function intBetween(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}
