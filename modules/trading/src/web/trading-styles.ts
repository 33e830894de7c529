import type { CSSProperties } from 'react';

export const s = {
  page: { padding: '16px 24px', maxWidth: 1200, margin: '0 auto', fontFamily: 'system-ui, sans-serif' } satisfies CSSProperties,
  nav: { display: 'flex', gap: 16, borderBottom: '1px solid #ddd', paddingBottom: 8, marginBottom: 16, flexWrap: 'wrap' } satisfies CSSProperties,
  card: { border: '1px solid #e2e2e2', borderRadius: 8, padding: 16, marginBottom: 16, background: '#fff' } satisfies CSSProperties,
  row: { display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'end' } satisfies CSSProperties,
  table: { width: '100%', borderCollapse: 'collapse', fontSize: 14 } satisfies CSSProperties,
  th: { textAlign: 'left', borderBottom: '1px solid #ccc', padding: '4px 8px' } satisfies CSSProperties,
  td: { borderBottom: '1px solid #f0f0f0', padding: '4px 8px', fontVariantNumeric: 'tabular-nums' } satisfies CSSProperties,
  num: { textAlign: 'right', borderBottom: '1px solid #f0f0f0', padding: '4px 8px', fontVariantNumeric: 'tabular-nums' } satisfies CSSProperties,
  error: { color: '#b00020', margin: '8px 0' } satisfies CSSProperties,
  muted: { color: '#666', fontSize: 13 } satisfies CSSProperties,
  stat: { display: 'inline-block', marginRight: 24 } satisfies CSSProperties,
  label: { display: 'flex', flexDirection: 'column', fontSize: 13, gap: 4 } satisfies CSSProperties,
};

/** Exact decimal text shortened for display only (the value itself stays a string). */
export function show(v: string | null | undefined, places = 2): string {
  if (v === null || v === undefined) return '—';
  const [i, f = ''] = v.split('.');
  return places === 0 ? (i ?? '0') : `${i}.${f.padEnd(places, '0').slice(0, places)}`;
}

export function pnlColor(v: string | null | undefined): CSSProperties {
  if (!v) return {};
  return { color: v.startsWith('-') ? '#b00020' : v === '0' ? '#333' : '#0a7d2c' };
}
