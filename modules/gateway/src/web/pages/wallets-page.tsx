import { useState } from 'react';
import { formatMicros, parseDollarsToMicros, styles } from '../gateway-styles.ts';
import { useGatewayMutation, useGatewayQuery } from '../use-gateway-api.ts';

interface Wallet {
  id: string;
  scope_type: string;
  scope_id: string;
  balance_micros: string;
  reserved_micros: string;
}
interface WalletDetail extends Wallet {
  ledgerSumMicros: string;
  ledger: { id: string; kind: string; amount_micros: string; request_id: string | null; note: string | null; created_at: string }[];
}

function Ledger({ org, id }: { org: string; id: string }) {
  const detail = useGatewayQuery<WalletDetail>(org, `/wallets/${id}`);
  const topUp = useGatewayMutation<{ payload: { amountMicros: number; note?: string } }>(org, 'POST', () => `/wallets/${id}/top-ups`);
  const [amount, setAmount] = useState('10.00');
  const micros = parseDollarsToMicros(amount);
  const d = detail.data;
  return (
    <div style={styles.card}>
      <div style={styles.row}>
        <strong>Ledger</strong>
        {d ? (
          <span style={styles.badge}>
            ledger sum {formatMicros(d.ledgerSumMicros)} = balance {formatMicros(d.balance_micros)}
          </span>
        ) : null}
        <input style={{ ...styles.input, width: 100 }} value={amount} onChange={(e) => setAmount(e.target.value)} />
        <button
          style={styles.button}
          disabled={micros === null || micros === 0}
          onClick={() => micros && topUp.mutate({ payload: { amountMicros: micros, note: 'top-up from the admin UI' } })}
        >
          Top up (USD)
        </button>
        {topUp.error ? <span style={styles.error}>{topUp.error.message}</span> : null}
      </div>
      <table style={styles.table}>
        <thead>
          <tr>
            {['#', 'when', 'kind', 'amount', 'request / note'].map((h) => (
              <th key={h} style={styles.th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(d?.ledger ?? []).map((l) => (
            <tr key={l.id}>
              <td style={styles.td}>{l.id}</td>
              <td style={styles.td}>{new Date(l.created_at).toLocaleString()}</td>
              <td style={styles.td}>{l.kind}</td>
              <td style={styles.td}>{formatMicros(l.amount_micros)}</td>
              <td style={{ ...styles.td, ...styles.muted }}>{l.request_id ?? l.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function WalletsPage({ org }: { org: string }) {
  const wallets = useGatewayQuery<Wallet[]>(org, '/wallets');
  const create = useGatewayMutation<{ scopeType: string; scopeId?: string }>(org, 'POST', () => '/wallets');
  const [selected, setSelected] = useState<string | null>(null);
  const [scope, setScope] = useState({ scopeType: 'org', scopeId: '' });
  return (
    <div>
      <p style={styles.muted}>
        Hard limits: each request reserves its maximum cost on every wallet that applies (organization, team, key) before the provider is called, and settles
        the actual cost afterwards.
      </p>
      <div style={styles.row}>
        <select style={styles.input} value={scope.scopeType} onChange={(e) => setScope({ ...scope, scopeType: e.target.value })}>
          {['org', 'team', 'key'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        {scope.scopeType !== 'org' ? (
          <input
            style={{ ...styles.input, width: 300 }}
            placeholder="team or API key id"
            value={scope.scopeId}
            onChange={(e) => setScope({ ...scope, scopeId: e.target.value })}
          />
        ) : null}
        <button style={styles.button} onClick={() => create.mutate(scope.scopeType === 'org' ? { scopeType: 'org' } : scope)}>
          Create wallet
        </button>
        {create.error ? <span style={styles.error}>{create.error.message}</span> : null}
      </div>
      <table style={styles.table}>
        <thead>
          <tr>
            {['scope', 'id', 'balance', 'reserved', 'available', ''].map((h) => (
              <th key={h} style={styles.th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(wallets.data ?? []).map((w) => (
            <tr key={w.id} data-testid={`wallet-${w.scope_type}`}>
              <td style={styles.td}>{w.scope_type}</td>
              <td style={{ ...styles.td, ...styles.muted }}>{w.scope_id}</td>
              <td style={styles.td} data-testid="wallet-balance">
                {formatMicros(w.balance_micros)}
              </td>
              <td style={styles.td}>{formatMicros(w.reserved_micros)}</td>
              <td style={styles.td}>{formatMicros((BigInt(w.balance_micros) - BigInt(w.reserved_micros)).toString())}</td>
              <td style={styles.td}>
                <button style={styles.button} onClick={() => setSelected(selected === w.id ? null : w.id)}>
                  {selected === w.id ? 'Hide' : 'Ledger'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected ? <Ledger org={org} id={selected} /> : null}
    </div>
  );
}
