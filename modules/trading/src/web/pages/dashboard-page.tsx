import { useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { errorText, usePerformance, usePortfolio } from '../use-trading-api.ts';
import { pnlColor, s, show } from '../trading-styles.ts';
import { PortfolioPicker } from './portfolio-picker.tsx';

export function DashboardPage({ org }: { org: string }) {
  const [pid, setPid] = useState<string | null>(null);
  const p = usePortfolio(org, pid);
  const perf = usePerformance(org, pid);
  const v = p.data?.valuation;
  // The chart needs numbers; the table and totals stay exact decimal strings.
  const chart = (perf.data?.series ?? []).map((x) => ({ date: x.date, value: x.value === null ? null : Number(x.value), costBasis: Number(x.costBasis) }));
  return (
    <div>
      <div style={s.row}>
        <PortfolioPicker org={org} value={pid} onChange={setPid} />
        {p.data && <span style={s.muted}>valued in {p.data.ms.toFixed(1)} ms from stored positions</span>}
      </div>
      {p.error && <p style={s.error}>{errorText(p.error)}</p>}
      {v && (
        <div style={s.card}>
          <span style={s.stat}>
            Market value <b>{show(v.marketValue)}</b>
          </span>
          <span style={s.stat}>
            Realized <b style={pnlColor(v.realized)}>{show(v.realized)}</b>
          </span>
          <span style={s.stat}>
            Unrealized{' '}
            <b style={pnlColor(v.unrealized)} title={v.unrealized ?? ''} data-testid="total-unrealized">
              {show(v.unrealized)}
            </b>
          </span>
          <span style={s.stat}>
            Fees <b>{show(v.fees)}</b>
          </span>
          <span style={s.stat}>
            Simple return <b>{v.simpleReturn === null ? '—' : `${(Number(v.simpleReturn) * 100).toFixed(2)}%`}</b>
          </span>
          {!v.complete && v.missingPrices.length > 0 && <p style={s.error}>No price for {v.missingPrices.join(', ')}: totals are incomplete, not zero.</p>}
          {v.missingFxRates.length > 0 && <p style={s.error}>No FX rate for {v.missingFxRates.join(', ')}: those holdings are unpriced, not converted at 1.</p>}
        </div>
      )}
      {perf.data && (
        <div style={s.card}>
          <h3>Value of holdings (daily close)</h3>
          <div style={{ height: 260 }}>
            <ResponsiveContainer>
              <LineChart data={chart}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="date" minTickGap={40} />
                <YAxis width={80} />
                <Tooltip />
                <Line type="monotone" dataKey="value" stroke="#2563eb" dot={false} connectNulls={false} name="value" />
                <Line type="monotone" dataKey="costBasis" stroke="#999" dot={false} name="cost basis" />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <p style={s.muted}>
            Cash {show(perf.data.series.at(-1)?.cash ?? '0')} · Time-weighted{' '}
            {perf.data.returns.timeWeighted === null
              ? `— (${perf.data.reasons.timeWeighted})`
              : `${(Number(perf.data.returns.timeWeighted) * 100).toFixed(2)}%`}{' '}
            · money-weighted (annualised){' '}
            {perf.data.returns.moneyWeighted === null
              ? `— (${perf.data.reasons.moneyWeighted})`
              : `${(Number(perf.data.returns.moneyWeighted) * 100).toFixed(2)}%`}
          </p>
          <details>
            <summary style={s.muted}>Definitions</summary>
            <ul style={s.muted}>
              <li>Simple: {perf.data.definitions.simple}</li>
              <li>Time-weighted: {perf.data.definitions.timeWeighted}</li>
              <li>Money-weighted: {perf.data.definitions.moneyWeighted}</li>
            </ul>
          </details>
        </div>
      )}
      {v && (
        <div style={s.card}>
          <h3>Positions</h3>
          <table style={s.table}>
            <thead>
              <tr>
                {['Asset', 'Quantity', 'Avg cost', 'Cost basis', 'Price', 'Value', 'Unrealized', 'Realized', 'Status'].map((h) => (
                  <th key={h} style={s.th}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {v.positions.map((x) => (
                <tr key={x.asset} data-testid={`position-${x.asset}`}>
                  <td style={s.td}>{x.asset}</td>
                  <td style={s.num} title={x.quantity}>
                    {show(x.quantity, 8)}
                  </td>
                  <td style={s.num}>{show(x.averageCost)}</td>
                  <td style={s.num}>{show(x.costBasis)}</td>
                  <td style={s.num}>{show(x.price)}</td>
                  <td style={s.num}>{show(x.marketValue)}</td>
                  <td style={{ ...s.num, ...pnlColor(x.unrealized) }} title={x.unrealized ?? ''} data-testid="unrealized">
                    {show(x.unrealized)}
                  </td>
                  <td style={{ ...s.num, ...pnlColor(x.realized) }}>{show(x.realized)}</td>
                  <td style={s.td}>{x.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
