import type { CSSProperties } from 'react';

export const s = {
  page: { fontFamily: 'system-ui, sans-serif', padding: 16, color: '#1d2330' } as CSSProperties,
  tabs: { display: 'flex', gap: 4, borderBottom: '1px solid #d6dae3', marginBottom: 12 } as CSSProperties,
  tab: (active: boolean): CSSProperties => ({
    padding: '6px 12px',
    textDecoration: 'none',
    color: active ? '#0b5cd5' : '#465066',
    borderBottom: active ? '2px solid #0b5cd5' : '2px solid transparent',
  }),
  table: { borderCollapse: 'collapse', width: '100%', fontSize: 13 } as CSSProperties,
  th: { textAlign: 'left', padding: '4px 8px', borderBottom: '1px solid #d6dae3', background: '#f5f7fa' } as CSSProperties,
  td: { padding: '4px 8px', borderBottom: '1px solid #eef0f4' } as CSSProperties,
  num: { padding: '4px 8px', borderBottom: '1px solid #eef0f4', textAlign: 'right', fontVariantNumeric: 'tabular-nums' } as CSSProperties,
  button: { padding: '4px 10px', border: '1px solid #b8c0cf', borderRadius: 4, background: '#fff', cursor: 'pointer' } as CSSProperties,
  primary: { padding: '4px 10px', border: '1px solid #0b5cd5', borderRadius: 4, background: '#0b5cd5', color: '#fff', cursor: 'pointer' } as CSSProperties,
  card: { border: '1px solid #d6dae3', borderRadius: 6, padding: 12, marginBottom: 12 } as CSSProperties,
  error: { color: '#b42318' } as CSSProperties,
  muted: { color: '#6b7385', fontSize: 12 } as CSSProperties,
};
