import type { CSSProperties } from 'react';

export const styles: Record<string, CSSProperties> = {
  shell: { fontFamily: 'system-ui, sans-serif', padding: '16px 24px', color: '#1d2330', maxWidth: 1200 },
  nav: { display: 'flex', gap: 4, borderBottom: '1px solid #dde2ea', marginBottom: 16, flexWrap: 'wrap' },
  tab: { padding: '8px 14px', textDecoration: 'none', color: '#4a5568', borderBottom: '2px solid transparent' },
  tabActive: { padding: '8px 14px', textDecoration: 'none', color: '#1a56db', borderBottom: '2px solid #1a56db', fontWeight: 600 },
  card: { border: '1px solid #dde2ea', borderRadius: 8, padding: 16, marginBottom: 16, background: '#fff' },
  table: { width: '100%', borderCollapse: 'collapse', fontSize: 14 },
  th: { textAlign: 'left', borderBottom: '1px solid #dde2ea', padding: '6px 8px', color: '#4a5568', fontWeight: 600 },
  td: { borderBottom: '1px solid #f0f2f5', padding: '6px 8px', verticalAlign: 'top' },
  row: { display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap', marginBottom: 8 },
  input: { padding: '6px 8px', border: '1px solid #c9d1dc', borderRadius: 6, fontSize: 14 },
  button: { padding: '6px 14px', border: 'none', borderRadius: 6, background: '#1a56db', color: '#fff', cursor: 'pointer', fontSize: 14 },
  muted: { color: '#6b7280', fontSize: 13 },
  error: { color: '#b42318', fontSize: 14 },
  mono: { fontFamily: 'ui-monospace, monospace', fontSize: 13, whiteSpace: 'pre-wrap' },
  badge: { display: 'inline-block', padding: '1px 8px', borderRadius: 10, background: '#eef2ff', color: '#3730a3', fontSize: 12 },
};

/** Integer micro-dollars as dollars, without going through floating point for the digits. */
export function formatMicros(micros: string | number): string {
  const v = BigInt(micros);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const dollars = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0');
  return `${neg ? '-' : ''}$${dollars.toString()}.${frac}`;
}

export function parseDollarsToMicros(text: string): number | null {
  const m = /^(-?)(\d{1,9})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) return null;
  const micros = Number(m[2]) * 1_000_000 + Number((m[3] ?? '').padEnd(6, '0') || '0');
  return m[1] === '-' ? -micros : micros;
}

/**
 * A rate-limit field for the admin API: empty is null (the default); whole numbers go as numbers;
 * anything else is sent as typed so that the server's validation, the one source of the rules,
 * says what is wrong (`Number('abc')` is NaN, which JSON sends as null, silently the default).
 */
export function toLimit(text: string): number | string | null {
  const t = text.trim();
  if (t === '') return null;
  return /^-?\d+$/.test(t) ? Number(t) : t;
}
