/**
 * Fractional ordering keys: strings of base-62 digits read as the fraction 0.d1d2d3...
 * The alphabet is in ASCII order, so byte-wise string comparison (COLLATE "C") equals numeric
 * comparison. Keys never end in the zero digit, so there is always room before any key.
 */
export const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = DIGITS.length;
export const MAX_KEY_LENGTH = 50;

function digitAt(key: string, i: number): number {
  if (i >= key.length) return 0;
  const d = DIGITS.indexOf(key[i] as string);
  if (d < 0) throw new Error(`invalid fractional key ${JSON.stringify(key)}`);
  return d;
}

export function isValidKey(key: string): boolean {
  return key.length > 0 && !key.endsWith('0') && [...key].every((c) => DIGITS.includes(c));
}

/** A key strictly after `a`: increments the first digit that has room, so appends stay short. */
function keyAfter(a: string): string {
  let out = '';
  for (let i = 0; ; i++) {
    const d = digitAt(a, i);
    if (d < BASE - 1) return out + DIGITS[d + 1];
    out += DIGITS[d];
  }
}

/**
 * A key strictly between `a` and `b` (null = open end). Walks both digit strings; where they
 * differ by two or more the midpoint digit ends the key, where they differ by one the lower
 * prefix is kept and the search continues above the rest of `a`.
 */
export function keyBetween(a: string | null, b: string | null): string {
  if (a !== null && !isValidKey(a)) throw new Error(`invalid lower key ${JSON.stringify(a)}`);
  if (b !== null && !isValidKey(b)) throw new Error(`invalid upper key ${JSON.stringify(b)}`);
  if (a !== null && b !== null && a >= b) throw new Error(`lower key ${a} is not below upper key ${b}`);
  if (b === null) return a === null ? DIGITS[BASE >> 1]! : keyAfter(a);
  const lo = a ?? '';
  let out = '';
  let upperOpen = false;
  for (let i = 0; ; i++) {
    const dl = digitAt(lo, i);
    const dh = upperOpen ? BASE : digitAt(b, i);
    if (dh - dl >= 2) return out + DIGITS[(dl + dh) >> 1];
    out += DIGITS[dl];
    // dh === dl + 1: keep dl and any continuation above lo's remainder stays below b.
    if (dh !== dl) upperOpen = true;
  }
}

/** `count` evenly spread short keys, in ascending order, for re-keying a whole column. */
export function spreadKeys(count: number): string[] {
  if (count === 0) return [];
  let width = 1;
  while (Math.pow(BASE, width) - 1 < count + 1) width++;
  const space = Math.pow(BASE, width);
  const step = space / (count + 1);
  const keys: string[] = [];
  for (let i = 1; i <= count; i++) {
    let n = Math.floor(step * i);
    let s = '';
    for (let w = 0; w < width; w++) {
      s = DIGITS[n % BASE] + s;
      n = Math.floor(n / BASE);
    }
    s = s.replace(/0+$/, '');
    keys.push(s);
  }
  return keys;
}

/**
 * `key` plus two random digits (the last non-zero): still above everything `key` was above and
 * below everything it was below, because `key` never is a prefix of its upper bound.
 */
export function withJitter(key: string): string {
  const a = DIGITS[Math.floor(Math.random() * BASE)]!;
  const b = DIGITS[1 + Math.floor(Math.random() * (BASE - 1))]!;
  return key + a + b;
}
