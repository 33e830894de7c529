/**
 * Exact decimals as BigInt fixed point with SCALE = 18 decimal places: the value v is stored as
 * the integer v * 10^18. Quantities, prices and quote amounts all use this one scale.
 *
 * Addition and subtraction are exact. A product of two 18-place numbers is exact whenever the
 * true product has at most 18 decimal places (always true for exchange data, which carries at most
 * 8-10 places per factor); otherwise it is rounded half-to-even at 1e-18. Division (average cost,
 * partial-lot cost, returns) rounds half-to-even at 1e-18; callers that must conserve a total
 * (removing the last unit of a lot) take the remainder instead of dividing, so sums stay exact.
 */
export type Dec = bigint;

export const DECIMALS = 18;
export const SCALE = 10n ** 18n;
export const ZERO: Dec = 0n;
export const ONE: Dec = SCALE;

const DECIMAL_TEXT = /^(-)?(\d{1,30})(?:\.(\d{1,18}))?$/;

export class DecimalFormatError extends Error {
  override name = 'DecimalFormatError';
}

/** Parses "123.45", "-0.000000000000000001"; refuses exponents, >18 places, >30 integer digits. */
export function parseDec(text: string): Dec {
  const m = DECIMAL_TEXT.exec(text.trim());
  if (!m) throw new DecimalFormatError(`"${text.slice(0, 60)}" is not a decimal with at most 18 places`);
  const [, sign, int = '0', frac = ''] = m;
  const v = BigInt(int) * SCALE + BigInt(frac.padEnd(DECIMALS, '0'));
  return sign ? -v : v;
}

export function isDecText(text: string): boolean {
  return DECIMAL_TEXT.test(text.trim());
}

/** Shortest exact text: no trailing zeros, no exponent. */
export function formatDec(v: Dec): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const int = a / SCALE;
  const frac = (a % SCALE).toString().padStart(DECIMALS, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Formats rounded half-to-even to `places` decimals, keeping trailing zeros (display, money). */
export function formatFixed(v: Dec, places: number): string {
  const r = roundTo(v, places);
  const neg = r < 0n;
  const a = neg ? -r : r;
  const int = a / SCALE;
  const frac = (a % SCALE).toString().padStart(DECIMALS, '0').slice(0, places);
  return `${neg ? '-' : ''}${int}${places > 0 ? `.${frac}` : ''}`;
}

export function roundTo(v: Dec, places: number): Dec {
  const unit = 10n ** BigInt(DECIMALS - places);
  return divRound(v, unit) * unit;
}

/** Integer division rounded half-to-even (the divisor must be non-zero). */
export function divRound(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  let q = n / d;
  const r = n - q * d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice > d || (twice === d && q % 2n !== 0n)) q += n < 0n ? -1n : 1n;
  return q;
}

export function mul(a: Dec, b: Dec): Dec {
  return divRound(a * b, SCALE);
}

export function div(a: Dec, b: Dec): Dec {
  return divRound(a * SCALE, b);
}

/** a * b / c with a single rounding (partial-lot cost: cost * taken / lotQty). */
export function mulDiv(a: Dec, b: Dec, c: Dec): Dec {
  return divRound(a * b, c);
}

export function min(a: Dec, b: Dec): Dec {
  return a < b ? a : b;
}

export function max(a: Dec, b: Dec): Dec {
  return a > b ? a : b;
}

export function abs(a: Dec): Dec {
  return a < 0n ? -a : a;
}

export function fromInt(n: number | bigint): Dec {
  return BigInt(n) * SCALE;
}
