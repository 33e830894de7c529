import { useState, type FormEvent } from 'react';
import { errorText, useTrades, useTradingMutation } from '../use-trading-api.ts';
import { s, show } from '../trading-styles.ts';
import { PortfolioPicker } from './portfolio-picker.tsx';
import { TransfersCard } from './transfers-card.tsx';

export function TradesPage({ org }: { org: string }) {
  const [pid, setPid] = useState<string | null>(null);
  const trades = useTrades(org, pid);
  const [form, setForm] = useState({
    asset: 'BTC',
    side: 'buy',
    quantity: '',
    price: '',
    fee: '0',
    feeAsset: 'USD',
    executedAt: new Date().toISOString().slice(0, 16),
    quote: '',
  });
  const [csv, setCsv] = useState('');
  const add = useTradingMutation(org, (api, body: unknown) => api<{ ids: string[] }>(`/portfolios/${pid}/trades`, 'POST', body));
  const imp = useTradingMutation(org, (api, body: unknown) => api<{ imported: number; skipped: number }>(`/portfolios/${pid}/import`, 'POST', body));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // An empty currency means the portfolio's own; another one converts at the stored FX rate.
    const { quote, ...rest } = form;
    add.mutate({ trades: [{ ...rest, ...(quote ? { quote } : {}), executedAt: new Date(form.executedAt).toISOString() }] });
  };
  const field = (k: keyof typeof form, label: string, type = 'text', required = true) => (
    <label style={s.label}>
      {label}
      <input type={type} value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} required={required} size={12} />
    </label>
  );
  return (
    <div>
      <PortfolioPicker org={org} value={pid} onChange={setPid} />
      <form style={{ ...s.card, ...s.row }} onSubmit={submit}>
        {field('asset', 'Asset')}
        <label style={s.label}>
          Side
          <select value={form.side} onChange={(e) => setForm({ ...form, side: e.target.value })}>
            <option value="buy">buy</option>
            <option value="sell">sell</option>
          </select>
        </label>
        {field('quantity', 'Quantity')}
        {field('price', 'Price')}
        {field('fee', 'Fee')}
        {field('feeAsset', 'Fee asset')}
        {field('executedAt', 'Time', 'datetime-local')}
        {field('quote', 'Price currency (empty = portfolio)', 'text', false)}
        <button type="submit" disabled={!pid || add.isPending}>
          Record trade
        </button>
        {add.error && <p style={s.error}>{errorText(add.error)}</p>}
      </form>
      <div style={s.card}>
        <h3>Import a Coinbase transaction export (CSV)</h3>
        <input type="file" accept=".csv,text/csv" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} />
        <button disabled={!csv || !pid || imp.isPending} onClick={() => imp.mutate({ format: 'coinbase', csv })}>
          Import
        </button>
        {imp.data && (
          <p>
            Imported {imp.data.imported}, skipped {imp.data.skipped} non-trade rows.
          </p>
        )}
        {imp.error && <p style={s.error}>{errorText(imp.error)} — nothing was imported.</p>}
      </div>
      <TransfersCard org={org} pid={pid} />
      <div style={s.card}>
        <h3>Recent trades</h3>
        <table style={s.table}>
          <thead>
            <tr>
              {['Time', 'Asset', 'Side', 'Quantity', 'Price', 'Fee', 'Source', 'External id'].map((h) => (
                <th key={h} style={s.th}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(trades.data?.trades ?? []).map((t) => (
              <tr key={t.id}>
                <td style={s.td}>{t.executedAt.slice(0, 16).replace('T', ' ')}</td>
                <td style={s.td}>{t.asset}</td>
                <td style={s.td}>{t.side}</td>
                <td style={s.num} title={t.quantity}>
                  {show(t.quantity, 8)}
                </td>
                <td style={s.num}>{show(t.price)}</td>
                <td style={s.num}>
                  {t.fee} {t.feeAsset}
                </td>
                <td style={s.td}>{t.source}</td>
                <td style={s.td}>{t.externalId ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
