import type { CSSProperties } from 'react';

export const s = {
  page: { display: 'flex', flexDirection: 'column', gap: 12 } satisfies CSSProperties,
  toolbar: { display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' } satisfies CSSProperties,
  nav: { display: 'flex', gap: 12, marginBottom: 4 } satisfies CSSProperties,
  board: { display: 'flex', gap: 10, overflowX: 'auto', paddingBottom: 8, alignItems: 'flex-start' } satisfies CSSProperties,
  column: { background: '#f3f4f6', borderRadius: 8, padding: 8, minWidth: 230, width: 230, flex: '0 0 auto', minHeight: 120 } satisfies CSSProperties,
  columnHead: { display: 'flex', justifyContent: 'space-between', fontWeight: 600, fontSize: 14, marginBottom: 6 } satisfies CSSProperties,
  card: {
    background: '#fff',
    borderRadius: 6,
    padding: 8,
    marginBottom: 8,
    boxShadow: '0 1px 2px rgba(0,0,0,.15)',
    fontSize: 13,
    touchAction: 'manipulation',
  } satisfies CSSProperties,
  muted: { color: '#6b7280', fontSize: 12 } satisfies CSSProperties,
  buttons: { display: 'flex', gap: 4, marginTop: 6, flexWrap: 'wrap' } satisfies CSSProperties,
  small: { fontSize: 12, padding: '2px 6px', minWidth: 28, minHeight: 28 } satisfies CSSProperties,
  stats: { display: 'flex', gap: 8, flexWrap: 'wrap' } satisfies CSSProperties,
  stat: { background: '#fff', border: '1px solid #e5e7eb', borderRadius: 6, padding: '6px 10px', minWidth: 90 } satisfies CSSProperties,
  statValue: { fontSize: 18, fontWeight: 600 } satisfies CSSProperties,
  banner: { background: '#fef3c7', border: '1px solid #f59e0b', padding: '6px 10px', borderRadius: 6 } satisfies CSSProperties,
  info: { background: '#dcfce7', border: '1px solid #22c55e', padding: '6px 10px', borderRadius: 6 } satisfies CSSProperties,
  error: { background: '#fee2e2', border: '1px solid #ef4444', padding: '6px 10px', borderRadius: 6 } satisfies CSSProperties,
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: 8,
    background: '#fff',
    border: '1px solid #d1d5db',
    borderRadius: 8,
    padding: 10,
  } satisfies CSSProperties,
  services: { display: 'flex', flexWrap: 'wrap', gap: '4px 14px', border: '1px solid #e5e7eb', borderRadius: 6, fontSize: 13 } satisfies CSSProperties,
  table: { borderCollapse: 'collapse', width: '100%', fontSize: 14 } satisfies CSSProperties,
  cell: { borderBottom: '1px solid #e5e7eb', padding: '4px 8px', textAlign: 'left' } satisfies CSSProperties,
};

export const LATENESS = { late: '#dc2626', soon: '#d97706', ok: '#059669', done: '#6b7280' } as const;
