import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, money, useAccounts } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';
import { ReconcileDetail } from './reconcile-detail.tsx';

interface Rec {
  id: string;
  periodStart: string;
  periodEnd: string;
  endingBalanceCents: string;
  totalLines: number;
  matchedLines: number;
  rate: number;
  clearedBalanceCents: string;
  differenceCents: string;
}

export function ReconcilePage({ org, company }: { org: string; company: string }) {
  const qc = useQueryClient();
  const accounts = useAccounts(org, company);
  const banks = (accounts.data ?? []).filter((a) => a.kind !== 'other' && !a.archived);
  const [bankId, setBankId] = useState('');
  const bank = banks.find((a) => a.id === bankId) ?? banks[0];
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['bk', org, company, 'recs'], queryFn: () => api<Rec[]>(org, `/companies/${company}/reconciliations`) });
  const [from, setFrom] = useState('2025-01-01');
  const [to, setTo] = useState('2025-01-31');
  const [ending, setEnding] = useState('');
  const create = useMutation({
    mutationFn: () => {
      const [w = '0', f = ''] = ending.replace(/[$,\s]/g, '').split('.');
      const cents = `${w.startsWith('-') ? '-' : ''}${BigInt(w.replace('-', '') || '0') * 100n + BigInt((f + '00').slice(0, 2))}`;
      return api<{ id: string }>(org, `/companies/${company}/reconciliations`, 'POST', {
        bankAccountId: bank?.id,
        periodStart: from,
        periodEnd: to,
        endingBalanceCents: cents,
      });
    },
    onSuccess: (r) => {
      setOpen(r.id);
      void qc.invalidateQueries({ queryKey: ['bk', org, company, 'recs'] });
    },
  });
  return (
    <div>
      <div style={s.card}>
        Statement for{' '}
        <select aria-label="Statement account" value={bank?.id ?? ''} onChange={(e) => setBankId(e.target.value)}>
          {banks.map((a) => (
            <option key={a.id} value={a.id}>{`${a.code} ${a.name}`}</option>
          ))}
        </select>{' '}
        from <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /> to{' '}
        <input type="date" value={to} onChange={(e) => setTo(e.target.value)} /> ending balance{' '}
        <input value={ending} onChange={(e) => setEnding(e.target.value)} placeholder="12345.67" />{' '}
        <button style={s.primary} disabled={!bank || !/^-?[\d,]+(\.\d{1,2})?$/.test(ending.trim())} onClick={() => create.mutate()}>
          Reconcile
        </button>
        {create.error && <p style={s.error}>{create.error.message}</p>}
      </div>
      <table style={s.table}>
        <thead>
          <tr>
            <th style={s.th}>Period</th>
            <th style={s.th}>Matched</th>
            <th style={s.th}>Rate</th>
            <th style={s.th}>Statement balance</th>
            <th style={s.th}>Cleared balance</th>
            <th style={s.th}>Difference</th>
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((r) => (
            <tr
              key={r.id}
              onClick={() => setOpen(open === r.id ? null : r.id)}
              style={{ cursor: 'pointer', background: open === r.id ? '#e8f0fe' : undefined }}
            >
              <td style={s.td}>
                {r.periodStart} – {r.periodEnd}
              </td>
              <td style={s.num}>
                {r.matchedLines} / {r.totalLines}
              </td>
              <td style={s.num}>{(r.rate * 100).toFixed(1)}%</td>
              <td style={s.num}>{money(r.endingBalanceCents)}</td>
              <td style={s.num}>{money(r.clearedBalanceCents)}</td>
              <td style={{ ...s.num, color: r.differenceCents === '0' ? '#067647' : '#b42318' }}>{money(r.differenceCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && <ReconcileDetail org={org} company={company} recId={open} />}
    </div>
  );
}
