import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, money } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';

interface StatementLine {
  id: string;
  date: string;
  description: string;
  amountCents: string;
  status: string;
  matchedEntryId: string | null;
  liveEntryId: string | null;
}

interface Detail {
  matchedLines: number;
  totalLines: number;
  rate: number;
  differenceCents: string;
  lines: StatementLine[];
}

/** One statement's lines: match a line with its posted entry by hand, unmatch, or match again automatically. */
export function ReconcileDetail({ org, company, recId }: { org: string; company: string; recId: string }) {
  const qc = useQueryClient();
  const [message, setMessage] = useState('');
  const detail = useQuery({ queryKey: ['bk', org, company, 'recs', recId], queryFn: () => api<Detail>(org, `/reconciliations/${recId}`) });
  const onDone = (text: string) => () => {
    setMessage(text);
    void qc.invalidateQueries({ queryKey: ['bk', org, company, 'recs'] });
  };
  const onError = (e: Error) => setMessage(e.message);
  const match = useMutation({
    mutationFn: (l: StatementLine) => api(org, `/reconciliations/${recId}/match`, 'POST', { bankLineId: l.id, entryId: l.liveEntryId }),
    onSuccess: (_r, l) => onDone(`Matched ${l.description}.`)(),
    onError,
  });
  const unmatch = useMutation({
    mutationFn: (l: StatementLine) => api(org, `/reconciliations/${recId}/unmatch`, 'POST', { bankLineId: l.id }),
    onSuccess: (_r, l) => onDone(`Unmatched ${l.description}.`)(),
    onError,
  });
  const auto = useMutation({
    mutationFn: () => api<{ matched: number }>(org, `/reconciliations/${recId}/auto-match`, 'POST', {}),
    onSuccess: (r) => onDone(`Auto-match found ${r.matched} more.`)(),
    onError,
  });
  const d = detail.data;
  if (detail.error) return <p style={s.error}>{detail.error.message}</p>;
  return (
    <div style={s.card} data-testid="reconciliation-detail">
      <p>
        {d ? `${d.matchedLines} of ${d.totalLines} lines matched (${(d.rate * 100).toFixed(1)}%), difference ${money(d.differenceCents)}` : '…'}{' '}
        <button style={s.button} onClick={() => auto.mutate()}>
          Auto-match
        </button>
      </p>
      {message && <p role="status">{message}</p>}
      <table style={s.table}>
        <tbody>
          {(d?.lines ?? []).map((l) => (
            <tr key={l.id}>
              <td style={s.td}>{l.date}</td>
              <td style={s.td}>{l.description}</td>
              <td style={s.num}>{money(l.amountCents)}</td>
              <td style={s.td}>
                {l.matchedEntryId ? (
                  <button style={s.button} onClick={() => unmatch.mutate(l)}>
                    Unmatch
                  </button>
                ) : l.liveEntryId ? (
                  <button style={s.button} onClick={() => match.mutate(l)}>
                    Match
                  </button>
                ) : (
                  <span style={s.muted}>not posted yet: approve it in review first</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
