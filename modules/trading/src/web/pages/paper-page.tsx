import { useState } from 'react';
import { errorText, useOrders, useTradingMutation } from '../use-trading-api.ts';
import { s, show } from '../trading-styles.ts';
import { PortfolioPicker } from './portfolio-picker.tsx';
import { StrategiesCard } from './strategies-card.tsx';

export function PaperPage({ org }: { org: string }) {
  const [pid, setPid] = useState<string | null>(null);
  const orders = useOrders(org);
  const [o, setO] = useState({ asset: 'BTC', side: 'buy', type: 'market', quantity: '0.01', limitPrice: '' });
  const place = useTradingMutation(org, (a, body: unknown) => a('/orders', 'POST', body));
  const act = useTradingMutation(org, (a, path: string) => a(path, 'POST'));
  const tick = useTradingMutation(org, (a) => a<{ filled: number; candles: number }>('/paper/tick', 'POST'));
  return (
    <div>
      <PortfolioPicker org={org} value={pid} onChange={setPid} />
      <div style={{ ...s.card, ...s.row }}>
        {(['asset', 'quantity', 'limitPrice'] as const).map((k) => (
          <label key={k} style={s.label}>
            {k}
            <input value={o[k]} onChange={(e) => setO({ ...o, [k]: e.target.value })} size={10} />
          </label>
        ))}
        <select value={o.side} onChange={(e) => setO({ ...o, side: e.target.value })}>
          <option>buy</option>
          <option>sell</option>
        </select>
        <select value={o.type} onChange={(e) => setO({ ...o, type: e.target.value })}>
          <option>market</option>
          <option>limit</option>
        </select>
        <button
          disabled={!pid}
          onClick={() =>
            place.mutate({
              portfolioId: pid,
              asset: o.asset,
              side: o.side,
              type: o.type,
              quantity: o.quantity,
              ...(o.type === 'limit' ? { limitPrice: o.limitPrice } : {}),
            })
          }
        >
          Submit paper order
        </button>
        <button onClick={() => tick.mutate(undefined)} title="The paper market also runs by itself every minute">
          Run the paper market now
        </button>
        {place.error && <p style={s.error}>{errorText(place.error)}</p>}
      </div>
      <div style={s.card}>
        <h3>Orders</h3>
        <table style={s.table}>
          <thead>
            <tr>
              {['Created', 'Asset', 'Side', 'Type', 'Qty', 'Filled', 'Limit', 'Reserved', 'Status', 'Source', ''].map((h) => (
                <th key={h} style={s.th}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(orders.data?.orders ?? []).map((x) => (
              <tr key={x.id} data-testid={`order-${x.status}`}>
                <td style={s.td}>{x.createdAt.slice(0, 16).replace('T', ' ')}</td>
                <td style={s.td}>{x.asset}</td>
                <td style={s.td}>{x.side}</td>
                <td style={s.td}>{x.type}</td>
                <td style={s.num}>{x.quantity}</td>
                <td style={s.num}>{x.filledQuantity}</td>
                <td style={s.num}>{show(x.limitPrice)}</td>
                <td style={s.num}>{show(x.reservedNotional)}</td>
                <td style={s.td} title={x.rejectReasons.join('; ')}>
                  {x.status}
                  {x.rejectCode && (
                    <div style={s.error}>
                      {x.rejectCode}
                      {x.rejectReasons.length > 0 && `: ${x.rejectReasons.join('; ')}`}
                    </div>
                  )}
                </td>
                <td style={s.td}>{x.source}</td>
                <td style={s.td}>
                  {x.status === 'proposed' && <button onClick={() => act.mutate(`/orders/${x.id}/confirm`)}>Confirm</button>}
                  {['open', 'partially_filled', 'proposed'].includes(x.status) && <button onClick={() => act.mutate(`/orders/${x.id}/cancel`)}>Cancel</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {act.error && <p style={s.error}>{errorText(act.error)}</p>}
      </div>
      <StrategiesCard org={org} pid={pid} />
    </div>
  );
}
