import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { errorText, useApi, usePortfolio, useTradingMutation } from '../use-trading-api.ts';
import { s, show } from '../trading-styles.ts';

interface Transfer {
  id: string;
  kind: string;
  asset: string;
  amount: string;
  at: string;
  note: string | null;
}

/** Deposits and withdrawals (cash, or an asset moved in or out at market value): the external flows of the returns. */
export function TransfersCard({ org, pid }: { org: string; pid: string | null }) {
  const api = useApi(org);
  const p = usePortfolio(org, pid);
  const quote = p.data?.portfolio.quoteCurrency ?? 'USD';
  const list = useQuery({
    queryKey: ['trading', org, 'transfers', pid],
    enabled: !!pid,
    queryFn: () => api<{ transfers: Transfer[] }>(`/portfolios/${pid}/transfers`),
  });
  const [form, setForm] = useState({ kind: 'deposit', asset: '', amount: '', at: new Date().toISOString().slice(0, 16) });
  const add = useTradingMutation(org, (a, body: unknown) => a(`/portfolios/${pid}/transfers`, 'POST', body));
  return (
    <div style={s.card}>
      <h3>Deposits and withdrawals</h3>
      <p style={s.muted}>
        Cash in {quote}, or an asset moved in or out (valued at its last price at that time; it changes holdings). The time-weighted return neutralises these
        flows; the money-weighted return includes them.
      </p>
      <div style={s.row}>
        <select aria-label="Transfer kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
          <option value="deposit">deposit</option>
          <option value="withdrawal">withdrawal</option>
        </select>
        <label style={s.label}>
          Transfer asset
          <input value={form.asset} placeholder={quote} onChange={(e) => setForm({ ...form, asset: e.target.value.toUpperCase() })} size={6} />
        </label>
        <label style={s.label}>
          Amount
          <input value={form.amount} onChange={(e) => setForm({ ...form, amount: e.target.value })} size={12} />
        </label>
        <label style={s.label}>
          When
          <input type="datetime-local" value={form.at} onChange={(e) => setForm({ ...form, at: e.target.value })} />
        </label>
        <button
          disabled={!pid || !form.amount || add.isPending}
          onClick={() => add.mutate({ kind: form.kind, asset: form.asset || quote, amount: form.amount, at: new Date(form.at).toISOString() })}
        >
          Record transfer
        </button>
      </div>
      {add.error && <p style={s.error}>{errorText(add.error)}</p>}
      <ul>
        {(list.data?.transfers ?? []).map((t) => (
          <li key={t.id}>
            {new Date(t.at).toISOString().slice(0, 16).replace('T', ' ')} · {t.kind} {show(t.amount)} {t.asset}
          </li>
        ))}
      </ul>
    </div>
  );
}
