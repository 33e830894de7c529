import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, money, useAccounts } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';

interface GeneralLedger {
  openingCents: string;
  closingCents: string;
  total: number;
  lines: { entryId: string; date: string; memo: string; amountCents: string; balanceCents: string }[];
}

/** The page lists this many postings; the closing balance still covers the whole period. */
const PAGE = 1000;

/** A debit-positive balance in cents as "$1,234.56 Dr" / "$1,234.56 Cr" (exact: BigInt, never floats). */
function balance(cents: string): string {
  const v = BigInt(cents);
  if (v === 0n) return money(0);
  return `${money((v < 0n ? -v : v).toString())} ${v < 0n ? 'Cr' : 'Dr'}`;
}

const debit = (cents: string) => (BigInt(cents) > 0n ? money(cents) : '');
const credit = (cents: string) => (BigInt(cents) < 0n ? money((-BigInt(cents)).toString()) : '');

/** General ledger of one account for a period: opening balance, each posting with its running balance, closing balance. */
export function GeneralLedgerTable({ org, company, from, to }: { org: string; company: string; from: string; to: string }) {
  const accounts = useAccounts(org, company);
  const [accountId, setAccountId] = useState('');
  const q = useQuery({
    queryKey: ['bk', org, company, 'gl', accountId, from, to],
    enabled: accountId !== '' && from <= to,
    queryFn: () => api<GeneralLedger>(org, `/companies/${company}/reports/general-ledger?accountId=${accountId}&from=${from}&to=${to}&limit=${PAGE}`),
  });
  const gl = q.data;
  return (
    <div data-testid="general-ledger">
      <p>
        <select aria-label="Ledger account" value={accountId} onChange={(e) => setAccountId(e.target.value)}>
          <option value="">account…</option>
          {(accounts.data ?? []).map((a) => (
            <option key={a.id} value={a.id}>{`${a.code} ${a.name}`}</option>
          ))}
        </select>{' '}
        {from > to && <span style={s.error}>The start date is after the end date.</span>}
      </p>
      {q.error && <p style={s.error}>{q.error.message}</p>}
      {accountId && !gl && !q.error && <p style={s.muted}>…</p>}
      {gl && (
        <table style={{ ...s.table, maxWidth: 900 }}>
          <thead>
            <tr>
              <th style={s.th}>Date</th>
              <th style={s.th}>Description</th>
              <th style={{ ...s.th, textAlign: 'right' }}>Debit</th>
              <th style={{ ...s.th, textAlign: 'right' }}>Credit</th>
              <th style={{ ...s.th, textAlign: 'right' }}>Balance</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td style={s.td}>{from}</td>
              <td style={{ ...s.td, fontWeight: 600 }}>Opening balance</td>
              <td style={s.num} />
              <td style={s.num} />
              <td style={{ ...s.num, fontWeight: 600 }}>{balance(gl.openingCents)}</td>
            </tr>
            {gl.lines.map((l, i) => (
              <tr key={`${l.entryId}-${i}`} data-testid="ledger-posting">
                <td style={s.td}>{l.date}</td>
                <td style={s.td}>{l.memo}</td>
                <td style={s.num}>{debit(l.amountCents)}</td>
                <td style={s.num}>{credit(l.amountCents)}</td>
                <td style={s.num}>{balance(l.balanceCents)}</td>
              </tr>
            ))}
            {gl.total > gl.lines.length && (
              <tr>
                <td style={s.muted} colSpan={5}>
                  {`Showing the first ${gl.lines.length.toLocaleString('en-US')} of ${gl.total.toLocaleString('en-US')} postings; narrow the period to see the rest.`}
                </td>
              </tr>
            )}
            <tr>
              <td style={s.td}>{to}</td>
              <td style={{ ...s.td, fontWeight: 600 }}>Closing balance</td>
              <td style={s.num} />
              <td style={s.num} />
              <td style={{ ...s.num, fontWeight: 600 }} data-testid="closing-balance">
                {balance(gl.closingCents)}
              </td>
            </tr>
          </tbody>
        </table>
      )}
    </div>
  );
}
