import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMicros, styles } from '../gateway-styles.ts';
import { useGatewayQuery } from '../use-gateway-api.ts';

interface UsageRow {
  bucket: string;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costMicros: string;
  cached: number;
}

const DIMENSIONS = ['day', 'model', 'provider', 'key', 'team'] as const;

export function OverviewPage({ org }: { org: string }) {
  const [by, setBy] = useState<(typeof DIMENSIONS)[number]>('day');
  const usage = useGatewayQuery<{ rows: UsageRow[] }>(org, `/usage?by=${by}`);
  const rows = usage.data?.rows ?? [];
  // Charts plot micro-dollars as plain numbers; the table shows exact amounts.
  const chart = rows.map((r) => ({ bucket: r.bucket.slice(0, 24), spendMicros: Number(r.costMicros), prompt: r.promptTokens, completion: r.completionTokens }));
  const total = rows.reduce((s, r) => s + BigInt(r.costMicros), 0n);
  return (
    <div>
      <div style={styles.row}>
        <span style={styles.muted}>Group by</span>
        <select style={styles.input} value={by} onChange={(e) => setBy(e.target.value as (typeof DIMENSIONS)[number])}>
          {DIMENSIONS.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
        <span style={styles.badge} data-testid="total-spend">
          Spend, last 31 days: {formatMicros(total.toString())}
        </span>
      </div>
      {usage.error ? <p style={styles.error}>{usage.error.message}</p> : null}
      <div style={styles.card}>
        <h3 style={{ marginTop: 0 }}>Spend (micro-dollars)</h3>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={chart}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="bucket" />
            <YAxis />
            <Tooltip />
            <Bar dataKey="spendMicros" fill="#1a56db" name="spend (micros)" />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div style={styles.card}>
        <h3 style={{ marginTop: 0 }}>Tokens</h3>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={chart}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="bucket" />
            <YAxis />
            <Tooltip />
            <Legend />
            <Bar dataKey="prompt" stackId="t" fill="#7e9cf0" />
            <Bar dataKey="completion" stackId="t" fill="#1a56db" />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table style={styles.table}>
        <thead>
          <tr>
            {[by, 'requests', 'errors', 'cached', 'prompt tokens', 'completion tokens', 'spend'].map((h) => (
              <th key={h} style={styles.th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.bucket}>
              <td style={styles.td}>{r.bucket}</td>
              <td style={styles.td}>{r.requests}</td>
              <td style={styles.td}>{r.errors}</td>
              <td style={styles.td}>{r.cached}</td>
              <td style={styles.td}>{r.promptTokens}</td>
              <td style={styles.td}>{r.completionTokens}</td>
              <td style={styles.td}>{formatMicros(r.costMicros)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
