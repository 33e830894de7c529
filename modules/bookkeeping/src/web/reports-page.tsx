import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, dollars, money } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';
import { GeneralLedgerTable } from './general-ledger-panel.tsx';
import { BalanceSheetTable, TrialBalanceTable } from './statements-panel.tsx';

interface Pnl {
  periods: { from: string; to: string }[];
  income: { accountId: string; code: string; name: string; amounts: string[] }[];
  expense: { accountId: string; code: string; name: string; amounts: string[] }[];
  totals: { income: string; expense: string; net: string }[];
}
interface Metrics {
  companies: {
    companyId: string;
    company: string;
    lines: number;
    autoApproved: number;
    reviewed: number;
    inReview: number;
    bySource: Record<string, number>;
    autoLaterCorrected: number;
  }[];
  pilot: { markdown: string };
}

export function ReportsPage({ org, company, companyId }: { org: string; company: string; companyId: string | undefined }) {
  const [from, setFrom] = useState('2025-01-01');
  const [to, setTo] = useState('2025-12-31');
  const [compare, setCompare] = useState<'none' | 'previous-period' | 'previous-year'>('previous-year');
  const [view, setView] = useState<'pnl' | 'bs' | 'tb' | 'gl'>('pnl');
  const pnl = useQuery({
    queryKey: ['bk', org, company, 'pnl', from, to, compare],
    queryFn: () => api<Pnl>(org, `/companies/${company}/reports/pnl?from=${from}&to=${to}&compare=${compare}`),
  });
  const monthly = useQuery({
    queryKey: ['bk', org, company, 'monthly', from, to],
    queryFn: () =>
      api<{ month: string; income: string; expense: string; net: string }[]>(org, `/companies/${company}/reports/pnl-monthly?from=${from}&to=${to}`),
  });
  const metrics = useQuery({ queryKey: ['bk', org, 'metrics'], queryFn: () => api<Metrics>(org, '/metrics') });
  const m = metrics.data?.companies.find((c) => c.companyId === companyId);
  const funnel = m
    ? [
        { stage: 'Imported', lines: m.lines },
        { stage: 'Rules', lines: m.bySource.rule ?? 0 },
        { stage: 'Memory+model', lines: (m.bySource.memory ?? 0) + (m.bySource.model ?? 0) },
        { stage: 'Auto-approved', lines: m.autoApproved },
        { stage: 'Reviewed', lines: m.reviewed },
        { stage: 'Still in review', lines: m.inReview },
        { stage: 'Auto later corrected', lines: m.autoLaterCorrected },
      ]
    : [];
  const p = pnl.data;
  return (
    <div>
      <p>
        From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /> to{' '}
        <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />{' '}
        <select aria-label="Report" value={view} onChange={(e) => setView(e.target.value as typeof view)}>
          <option value="pnl">Profit and loss</option>
          <option value="bs">Balance sheet (as of the end date)</option>
          <option value="tb">Trial balance (as of the end date)</option>
          <option value="gl">General ledger (one account, the period)</option>
        </select>{' '}
        {view === 'pnl' && (
          <select aria-label="Compare with" value={compare} onChange={(e) => setCompare(e.target.value as typeof compare)}>
            <option value="none">no comparison</option>
            <option value="previous-period">previous period</option>
            <option value="previous-year">same period last year</option>
          </select>
        )}{' '}
        <a href={`/api/bookkeeping/companies/${company}/exports/hledger.journal`}>hledger journal</a> ·{' '}
        <a href={`/api/bookkeeping/exports/training.csv?company=${company}`}>training CSV</a>
      </p>
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
        <div style={{ ...s.card, flex: '1 1 480px', height: 280 }}>
          <b>P&L by month</b>
          <ResponsiveContainer width="100%" height="90%">
            <LineChart
              data={(monthly.data ?? []).map((r) => ({ month: r.month, income: dollars(r.income), expense: dollars(r.expense), net: dollars(r.net) }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" />
              <YAxis />
              <Tooltip />
              <Legend />
              <Line dataKey="income" stroke="#067647" />
              <Line dataKey="expense" stroke="#b42318" />
              <Line dataKey="net" stroke="#0b5cd5" />
            </LineChart>
          </ResponsiveContainer>
        </div>
        <div style={{ ...s.card, flex: '1 1 420px', height: 280 }}>
          <b>Automation funnel</b>
          <ResponsiveContainer width="100%" height="90%">
            <BarChart data={funnel} layout="vertical" margin={{ left: 60 }}>
              <XAxis type="number" />
              <YAxis type="category" dataKey="stage" width={130} interval={0} />
              <Tooltip />
              <Bar dataKey="lines" fill="#0b5cd5" />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </div>
      {view === 'bs' && <BalanceSheetTable org={org} company={company} asOf={to} />}
      {view === 'tb' && <TrialBalanceTable org={org} company={company} asOf={to} />}
      {view === 'gl' && <GeneralLedgerTable org={org} company={company} from={from} to={to} />}
      {view === 'pnl' && p && (
        <table style={{ ...s.table, maxWidth: 720 }}>
          <thead>
            <tr>
              <th style={s.th}>Account</th>
              {p.periods.map((x) => (
                <th key={x.from} style={{ ...s.th, textAlign: 'right' }}>
                  {x.from} – {x.to}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...p.income, ...p.expense].map((a) => (
              <tr key={a.accountId}>
                <td style={s.td}>
                  {a.code} {a.name}
                </td>
                {a.amounts.map((v, i) => (
                  <td key={i} style={s.num}>
                    {money(v)}
                  </td>
                ))}
              </tr>
            ))}
            {(['income', 'expense', 'net'] as const).map((k) => (
              <tr key={k}>
                <td style={{ ...s.td, fontWeight: 600 }}>Total {k}</td>
                {p.totals.map((t, i) => (
                  <td key={i} style={{ ...s.num, fontWeight: 600 }}>
                    {money(t[k])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
