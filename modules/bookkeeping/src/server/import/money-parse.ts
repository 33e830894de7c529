/** Exact text → integer cents and calendar-date parsing for bank files; floats never touch money. */

const CURRENCY = /[$€£¥]|\b(?:USD|EUR|GBP|CAD|AUD|CHF)\b/gi;
const DOT_NUMBER = /^(\d{1,3}(,\d{3})+|\d+)?(\.\d*)?$/;
const COMMA_NUMBER = /^(\d{1,3}(\.\d{3})+|\d+)?(,\d*)?$/;
/** A plain "-123.45" needs none of the general handling below. */
const PLAIN = /^-?\d{1,15}(\.\d{1,2})?$/;

/** Parses "1,234.56", "-29.5", "(12.00)", "1.000.000,00" (decimalComma), "12.00-" into cents; null when not a number. */
export function parseCents(input: string, decimalComma: boolean): bigint | null {
  if (!decimalComma && PLAIN.test(input)) {
    const dot = input.indexOf('.');
    if (dot < 0) return BigInt(input) * 100n;
    return BigInt(input.slice(0, dot) + (input.slice(dot + 1) + '0').slice(0, 2));
  }
  let s = input.replace(CURRENCY, '').replace(/[\s\u00a0']/g, '');
  if (s === '') return null;
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.endsWith('-')) {
    negative = !negative;
    s = s.slice(0, -1);
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  const dec = decimalComma ? ',' : '.';
  const group = decimalComma ? '.' : ',';
  if (!(decimalComma ? COMMA_NUMBER : DOT_NUMBER).test(s) || s === '' || s === dec) return null;
  const [intPart = '', fracRaw = ''] = s.split(dec);
  const whole = intPart.split(group).join('') || '0';
  if (fracRaw.length > 2 && /[1-9]/.test(fracRaw.slice(2))) return null; // sub-cent amounts would be rounded: refuse
  const frac = (fracRaw + '00').slice(0, 2);
  const cents = BigInt(whole) * 100n + BigInt(frac);
  return negative ? -cents : cents;
}

/** True when the sample of amount strings reads as decimal-comma (e.g. "50,00", "1.000,00"). */
export function looksDecimalComma(samples: readonly string[]): boolean {
  let comma = 0;
  let dot = 0;
  for (const raw of samples) {
    const s = raw.replace(/[^\d.,]/g, '');
    if (/,\d{1,2}$/.test(s)) comma++;
    else if (/\.\d{1,2}$/.test(s) || /,\d{3}$/.test(s)) dot++;
  }
  return comma > dot;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysIn(y: number, m: number): number {
  return m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : (DAYS[m - 1] as number);
}

export type DateFormat = 'Y-M-D' | 'M/D/Y' | 'D/M/Y' | 'D/Y/M' | 'YMD';
export const DATE_FORMATS: readonly DateFormat[] = ['Y-M-D', 'M/D/Y', 'D/M/Y', 'D/Y/M', 'YMD'];

/** Returns ISO YYYY-MM-DD or null when the text is not a real date in that layout. */
export function parseDate(input: string, format: DateFormat): string | null {
  if (format === 'Y-M-D' && ISO_DATE.test(input)) {
    const y = Number(input.slice(0, 4));
    const m = Number(input.slice(5, 7));
    const d = Number(input.slice(8, 10));
    return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) ? input : null;
  }
  const s = input.trim().replace(/[T ]\d{1,2}:\d{2}.*$/, '');
  let y: number, m: number, d: number;
  if (format === 'YMD') {
    const x = /^(\d{4})(\d{2})(\d{2})/.exec(s);
    if (!x) return null;
    [y, m, d] = [Number(x[1]), Number(x[2]), Number(x[3])];
  } else {
    const parts = s.split(/[-/.]/);
    if (parts.length !== 3 || parts.some((p) => !/^\d{1,4}$/.test(p))) return null;
    const [a, b, c] = parts.map(Number) as [number, number, number];
    if (format === 'Y-M-D') [y, m, d] = [a, b, c];
    else if (format === 'M/D/Y') [m, d, y] = [a, b, c];
    else if (format === 'D/M/Y') [d, m, y] = [a, b, c];
    else [d, y, m] = [a, b, c];
    if (y < 100) y += 2000;
  }
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Picks the layout under which most samples (at least half) are real dates; earlier layouts win ties. */
export function detectDateFormat(samples: readonly string[]): DateFormat | null {
  const vals = samples.filter((s) => s.trim() !== '');
  if (vals.length === 0) return null;
  let best: DateFormat | null = null;
  let bestCount = 0;
  for (const f of DATE_FORMATS) {
    const n = vals.filter((v) => parseDate(v, f) !== null).length;
    if (n > bestCount) [best, bestCount] = [f, n];
  }
  return bestCount * 2 >= vals.length ? best : null;
}

export function formatCents(cents: bigint): string {
  const neg = cents < 0n;
  const a = neg ? -cents : cents;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}
