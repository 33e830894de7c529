import { useQuery } from '@tanstack/react-query';
import { api, money } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';

interface Amount {
  accountId: string;
  code: string;
  name: string;
  amountCents: string;
}
interface BalanceSheet {
  assets: Amount[];
  liabilities: Amount[];
  equity: Amount[];
  earningsCents: string;
  totalAssets: string;
  totalLiabilities: string;
  totalEquity: string;
  balanced: boolean;
}
interface TrialBalance {
  rows: { accountId: string; code: string; name: string; debitCents: string; creditCents: string }[];
  totalDebit: string;
  totalCredit: string;
}

const Row = ({ label, cents, strong }: { label: string; cents: string; strong?: boolean }) => (
  <tr>
    <td style={{ ...s.td, fontWeight: strong ? 600 : undefined }}>{label}</td>
    <td style={{ ...s.num, fontWeight: strong ? 600 : undefined }}>{money(cents)}</td>
  </tr>
);

/** Balance sheet as of a date: assets against liabilities, equity and earnings to date. */
export function BalanceSheetTable({ org, company, asOf }: { org: string; company: string; asOf: string }) {
  const q = useQuery({
    queryKey: ['bk', org, company, 'bs', asOf],
    queryFn: () => api<BalanceSheet>(org, `/companies/${company}/reports/balance-sheet?asOf=${asOf}`),
  });
  const b = q.data;
  if (q.error) return <p style={s.error}>{q.error.message}</p>;
  if (!b) return <p style={s.muted}>…</p>;
  return (
    <table style={{ ...s.table, maxWidth: 560 }} data-testid="balance-sheet">
      <tbody>
        {b.assets.map((a) => (
          <Row key={a.accountId} label={`${a.code} ${a.name}`} cents={a.amountCents} />
        ))}
        <Row label="Total assets" cents={b.totalAssets} strong />
        {b.liabilities.map((a) => (
          <Row key={a.accountId} label={`${a.code} ${a.name}`} cents={a.amountCents} />
        ))}
        <Row label="Total liabilities" cents={b.totalLiabilities} strong />
        {b.equity.map((a) => (
          <Row key={a.accountId} label={`${a.code} ${a.name}`} cents={a.amountCents} />
        ))}
        <Row label="Earnings to date" cents={b.earningsCents} />
        <Row label="Total equity" cents={b.totalEquity} strong />
        <tr>
          <td style={s.td} colSpan={2}>
            {b.balanced ? 'Balanced: assets = liabilities + equity' : <span style={s.error}>Not balanced</span>}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** Trial balance as of a date: debits and credits per account, with equal totals. */
export function TrialBalanceTable({ org, company, asOf }: { org: string; company: string; asOf: string }) {
  const q = useQuery({
    queryKey: ['bk', org, company, 'tb', asOf],
    queryFn: () => api<TrialBalance>(org, `/companies/${company}/reports/trial-balance?asOf=${asOf}`),
  });
  const tb = q.data;
  if (q.error) return <p style={s.error}>{q.error.message}</p>;
  if (!tb) return <p style={s.muted}>…</p>;
  return (
    <table style={{ ...s.table, maxWidth: 640 }} data-testid="trial-balance">
      <thead>
        <tr>
          <th style={s.th}>Account</th>
          <th style={{ ...s.th, textAlign: 'right' }}>Debit</th>
          <th style={{ ...s.th, textAlign: 'right' }}>Credit</th>
        </tr>
      </thead>
      <tbody>
        {tb.rows.map((r) => (
          <tr key={r.accountId}>
            <td style={s.td}>
              {r.code} {r.name}
            </td>
            <td style={s.num}>{money(r.debitCents)}</td>
            <td style={s.num}>{money(r.creditCents)}</td>
          </tr>
        ))}
        <tr>
          <td style={{ ...s.td, fontWeight: 600 }}>Total</td>
          <td style={{ ...s.num, fontWeight: 600 }}>{money(tb.totalDebit)}</td>
          <td style={{ ...s.num, fontWeight: 600 }}>{money(tb.totalCredit)}</td>
        </tr>
      </tbody>
    </table>
  );
}
