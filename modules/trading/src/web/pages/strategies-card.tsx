import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { errorText, useApi, useTradingMutation } from '../use-trading-api.ts';
import { s, show } from '../trading-styles.ts';

interface Strategy {
  id: string;
  portfolioId: string;
  name: string;
  kind: string;
  asset: string;
  maxExposure: string;
  enabled: boolean;
  cursor: string | null;
}
interface Report {
  candles: number;
  trades: number;
  rejected: number;
  rejections: string[];
  realized: string;
  unrealized: string;
  totalPnl: string;
  maxDrawdown: string;
  fees: string;
}
interface RunResult {
  action: string;
  reason: string | null;
  order: { side: string; quantity: string; status: string } | null;
}

/** Paper strategies of the user: create a DCA strategy on the chosen portfolio, run it, backtest it. */
export function StrategiesCard({ org, pid }: { org: string; pid: string | null }) {
  const api = useApi(org);
  const strategies = useQuery({ queryKey: ['trading', org, 'strategies'], queryFn: () => api<{ strategies: Strategy[] }>('/strategies') });
  const [f, setF] = useState({ name: 'DCA BTC', asset: 'BTC', quoteAmount: '100', everyDays: '1', maxExposure: '1000' });
  const create = useTradingMutation(org, (a, body: unknown) => a<Strategy>('/strategies', 'POST', body));
  const run = useTradingMutation(org, (a, id: string) => a<RunResult>(`/strategies/${id}/run`, 'POST'));
  const [report, setReport] = useState<Report | null>(null);
  const backtest = useTradingMutation(org, (a, id: string) => a<Report>(`/strategies/${id}/backtest`, 'POST', { days: 180 }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      portfolioId: pid,
      name: f.name,
      kind: 'dca',
      asset: f.asset,
      params: { quoteAmount: f.quoteAmount, everyDays: Number(f.everyDays) },
      maxExposure: f.maxExposure,
    });
  };
  const field = (k: keyof typeof f, label: string) => (
    <label style={s.label}>
      {label}
      <input value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} required size={10} />
    </label>
  );
  return (
    <div style={s.card}>
      <h3>Strategies (paper)</h3>
      <form style={s.row} onSubmit={submit} aria-label="New DCA strategy">
        {field('name', 'Strategy name')}
        {field('asset', 'Strategy asset')}
        {field('quoteAmount', 'Buy amount')}
        {field('everyDays', 'Every (days)')}
        {field('maxExposure', 'Max exposure')}
        <button type="submit" disabled={!pid || create.isPending}>
          Create DCA strategy
        </button>
      </form>
      {create.error && <p style={s.error}>{errorText(create.error)}</p>}
      <ul>
        {(strategies.data?.strategies ?? []).map((x) => (
          <li key={x.id} data-testid={`strategy-${x.name}`}>
            <b>{x.name}</b> — {x.kind} on {x.asset}, max exposure {show(x.maxExposure)} <button onClick={() => run.mutate(x.id)}>Run on latest candle</button>{' '}
            <button onClick={() => backtest.mutate(x.id, { onSuccess: setReport })}>Backtest 180 days</button>
          </li>
        ))}
      </ul>
      {run.data && (
        <p data-testid="strategy-run">
          Last run: {run.data.action}
          {run.data.order ? `, ${run.data.order.side} ${run.data.order.quantity} ${run.data.order.status}` : ''}
          {run.data.reason ? ` (${run.data.reason})` : ''}
        </p>
      )}
      {run.error && <p style={s.error}>{errorText(run.error)}</p>}
      {report && (
        <p>
          Backtest over {report.candles} candles: {report.trades} trades, {report.rejected} rejected by the pre-trade check, total P&amp;L{' '}
          {show(report.totalPnl)} (realized {show(report.realized)}, fees {show(report.fees)}), max drawdown {show(report.maxDrawdown)}.
        </p>
      )}
    </div>
  );
}
