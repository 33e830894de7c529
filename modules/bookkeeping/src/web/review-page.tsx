import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DuplicateDecision } from '../contracts/index.ts';
import { api, money, useAccounts, type Line } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';

/** Review queue: j/k move, a or Enter approves the suggestion, c opens the account picker to correct. */
export function ReviewPage({ org, company }: { org: string; company: string }) {
  const qc = useQueryClient();
  const accounts = useAccounts(org, company);
  const categories = useMemo(() => (accounts.data ?? []).filter((a) => a.kind === 'other' && !a.archived), [accounts.data]);
  const names = useMemo(() => new Map((accounts.data ?? []).map((a) => [a.id, `${a.code} ${a.name}`])), [accounts.data]);
  const queue = useQuery({
    queryKey: ['bk', org, company, 'review'],
    queryFn: () => api<{ total: number; lines: Line[] }>(org, `/companies/${company}/lines?status=review&limit=100`),
  });
  const [cursor, setCursor] = useState(0);
  const [picking, setPicking] = useState(false);
  const [choice, setChoice] = useState('');
  const [message, setMessage] = useState('');
  const shownAt = useRef(Date.now());
  const lines = queue.data?.lines ?? [];
  const current = lines[Math.min(cursor, lines.length - 1)];
  useEffect(() => {
    shownAt.current = Date.now();
  }, [current?.id]);
  const decide = useMutation({
    mutationFn: (v: { line: Line; accountId?: string }) =>
      api<{ suggestedRule: { counterparty: string; corrections: number } | null }>(org, `/lines/${v.line.id}/${v.accountId ? 'correct' : 'approve'}`, 'POST', {
        ...(v.accountId ? { accountId: v.accountId } : {}),
        durationMs: Date.now() - shownAt.current,
      }),
    onSuccess: (r) => {
      setMessage(r.suggestedRule ? `Tip: ${r.suggestedRule.corrections} corrections of "${r.suggestedRule.counterparty}" — consider a rule.` : '');
      setPicking(false);
      void qc.invalidateQueries({ queryKey: ['bk', org, company] });
    },
    onError: (e) => setMessage(e.message),
  });
  const settle = useMutation({
    mutationFn: (v: { line: Line; decision: 'keep' | 'discard' }) => api<DuplicateDecision>(org, `/lines/${v.line.id}/${v.decision}`, 'POST', {}),
    onSuccess: (r) => {
      setMessage(r.decision === 'discard' ? 'Discarded as a duplicate: nothing was posted.' : 'Kept: review it like any other line.');
      void qc.invalidateQueries({ queryKey: ['bk', org, company] });
    },
    onError: (e) => setMessage(e.message),
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (picking || !current || (e.target as HTMLElement).tagName === 'INPUT' || (e.target as HTMLElement).tagName === 'SELECT') return;
      if (e.key === 'j') setCursor((c) => Math.min(c + 1, lines.length - 1));
      else if (e.key === 'k') setCursor((c) => Math.max(c - 1, 0));
      else if ((e.key === 'a' || e.key === 'Enter') && current.predictedAccountId && !current.duplicateOf) decide.mutate({ line: current });
      else if (e.key === 'c') {
        setChoice(current.predictedAccountId ?? categories[0]?.id ?? '');
        setPicking(true);
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [current, picking, lines.length, categories, decide]);
  if (queue.error) return <p style={s.error}>{queue.error.message}</p>;
  return (
    <div>
      <p style={s.muted}>{queue.data?.total ?? 0} lines to review · keys: j/k move · a or Enter approve · c correct</p>
      {message && <p>{message}</p>}
      {current?.duplicateOf && (
        <div style={s.card}>
          Possible duplicate of an earlier imported line ({current.duplicateOf.slice(0, 8)}…): same amount, close date, similar text.{' '}
          <button style={s.primary} onClick={() => settle.mutate({ line: current, decision: 'discard' })}>
            Discard
          </button>{' '}
          <button onClick={() => settle.mutate({ line: current, decision: 'keep' })}>Keep</button>
        </div>
      )}
      {picking && current && (
        <div style={s.card}>
          <select
            autoFocus
            aria-label="Correct account"
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') decide.mutate({ line: current, accountId: choice });
              if (e.key === 'Escape') setPicking(false);
            }}
          >
            {categories.map((a) => (
              <option key={a.id} value={a.id}>{`${a.code} ${a.name}`}</option>
            ))}
          </select>{' '}
          <button style={s.primary} onClick={() => decide.mutate({ line: current, accountId: choice })}>
            Save
          </button>
        </div>
      )}
      <table style={s.table}>
        <thead>
          <tr>
            <th style={s.th}>Date</th>
            <th style={s.th}>Description</th>
            <th style={s.th}>Amount</th>
            <th style={s.th}>Suggestion</th>
            <th style={s.th}>Confidence</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={l.id} onClick={() => setCursor(i)} style={{ background: l.id === current?.id ? '#e8f0fe' : undefined }}>
              <td style={s.td}>{l.date}</td>
              <td style={s.td}>
                {l.description}
                {l.duplicateOf ? ' · possible duplicate' : ''}
              </td>
              <td style={s.num}>{money(l.amountCents)}</td>
              <td style={s.td}>{l.predictedAccountId ? names.get(l.predictedAccountId) : '—'}</td>
              <td style={s.num}>{l.confidence === null ? '' : `${Math.floor(l.confidence * 100)}% (${l.source})`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
