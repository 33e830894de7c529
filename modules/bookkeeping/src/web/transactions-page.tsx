import { useQueries } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { api, money, useAccounts, type Line } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';

const ROW = 28;
const PAGE = 200;
const VIEW = 560;
const COLS = '96px minmax(200px, 1fr) 120px 230px 120px 80px';

/**
 * Windowed table over server pages: only the rows in view are rendered and only the pages that
 * hold them are fetched, so 100,000 lines scroll like 100.
 */
export function TransactionsPage({ org, company }: { org: string; company: string }) {
  const [top, setTop] = useState(0);
  const [search, setSearch] = useState('');
  const accounts = useAccounts(org, company);
  const names = useMemo(() => new Map((accounts.data ?? []).map((a) => [a.id, `${a.code} ${a.name}`])), [accounts.data]);
  const first = Math.floor(top / ROW);
  const last = first + Math.ceil(VIEW / ROW) + 1;
  const pages = [...new Set([Math.floor(first / PAGE), Math.floor(last / PAGE)])];
  const results = useQueries({
    queries: pages.map((p) => ({
      queryKey: ['bk', org, company, 'lines', search, p],
      queryFn: () =>
        api<{ total: number; lines: Line[] }>(
          org,
          `/companies/${company}/lines?limit=${PAGE}&offset=${p * PAGE}${search ? `&search=${encodeURIComponent(search)}` : ''}`,
        ),
      staleTime: 30_000,
    })),
  });
  // While the pages of a far jump load, no query has data yet: the last known total keeps the
  // scroll height, instead of collapsing to zero and throwing the reader back to the top.
  const fresh = results.find((r) => r.data)?.data?.total;
  const [known, setKnown] = useState(0);
  useEffect(() => {
    if (fresh !== undefined) setKnown(fresh);
  }, [fresh]);
  const total = fresh ?? known;
  const rowAt = (i: number): Line | undefined => {
    const p = Math.floor(i / PAGE);
    const r = results[pages.indexOf(p)];
    return r?.data?.lines[i - p * PAGE];
  };
  const visible: number[] = [];
  for (let i = first; i <= Math.min(last, total - 1); i++) visible.push(i);
  return (
    <div>
      <input
        placeholder="Search description or counterparty"
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          setTop(0);
        }}
        style={{ width: 320, marginBottom: 8 }}
      />
      <span style={s.muted}> {total.toLocaleString()} lines</span>
      <div
        style={{
          display: 'grid',
          columnGap: 10,
          whiteSpace: 'nowrap',
          gridTemplateColumns: COLS,
          fontSize: 13,
          fontWeight: 600,
          background: '#f5f7fa',
          padding: '4px 8px',
        }}
      >
        <span>Date</span>
        <span>Description</span>
        <span style={{ textAlign: 'right' }}>Amount</span>
        <span>Account</span>
        <span>Conf.</span>
        <span>Status</span>
      </div>
      <div data-testid="lines-viewport" style={{ height: VIEW, overflowY: 'auto', position: 'relative' }} onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
        <div style={{ height: total * ROW, position: 'relative' }}>
          {visible.map((i) => {
            const l = rowAt(i);
            return (
              <div
                key={i}
                data-testid="line-row"
                style={{
                  position: 'absolute',
                  top: i * ROW,
                  height: ROW,
                  left: 0,
                  right: 0,
                  display: 'grid',
                  columnGap: 10,
                  whiteSpace: 'nowrap',
                  gridTemplateColumns: COLS,
                  fontSize: 13,
                  padding: '4px 8px',
                  borderBottom: '1px solid #eef0f4',
                  boxSizing: 'border-box',
                }}
              >
                {l ? (
                  <>
                    <span>{l.date}</span>
                    <span style={{ overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}>{l.description}</span>
                    <span style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{money(l.amountCents)}</span>
                    <span>{names.get(l.approvedAccountId ?? l.predictedAccountId ?? '') ?? '—'}</span>
                    <span>{l.confidence === null ? '' : `${Math.floor(l.confidence * 100)}% ${l.source}`}</span>
                    <span>{l.reviewOutcome ?? l.status}</span>
                  </>
                ) : (
                  <span style={s.muted}>…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
