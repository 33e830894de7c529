import { useEffect, useState } from 'react';
import { errorText, useRisk, useTradingMutation } from '../use-trading-api.ts';
import { s, show } from '../trading-styles.ts';

export function RiskPage({ org }: { org: string }) {
  const risk = useRisk(org);
  const [limits, setLimits] = useState({ maxPositionNotional: '', maxOrderNotional: '', maxOpenOrders: 0, maxDailyLoss: '', currency: '' });
  const [reason, setReason] = useState('');
  const l = risk.data?.limits;
  useEffect(() => {
    if (l)
      setLimits({
        maxPositionNotional: l.maxPositionNotional,
        maxOrderNotional: l.maxOrderNotional,
        maxOpenOrders: l.maxOpenOrders,
        maxDailyLoss: l.maxDailyLoss,
        currency: l.currency,
      });
  }, [l]);
  const save = useTradingMutation(org, (api, body: unknown) => api('/risk/limits', 'PUT', body));
  const kill = useTradingMutation(org, (api, body: { mode: string; reason: string; global?: boolean }) =>
    api(body.global ? '/kill-switch/global' : '/kill-switch', 'PUT', { mode: body.mode, reason: body.reason }),
  );
  const k = risk.data?.kill;
  return (
    <div>
      <div style={s.card}>
        <h3>Kill switch</h3>
        <p>
          Yours: <b>{k?.user.mode ?? '…'}</b> {k?.user.reason && <span style={s.muted}>({k.user.reason})</span>} · Organization: <b>{k?.global.mode ?? '…'}</b>{' '}
          {k?.global.reason && <span style={s.muted}>({k.global.reason})</span>}
        </p>
        <p style={s.muted}>
          Soft halt: only orders that reduce a position. Hard halt: no orders. Resetting needs a signed-in person and a reason; every change is audited.
        </p>
        <div style={s.row}>
          <input placeholder="Reason (required)" value={reason} onChange={(e) => setReason(e.target.value)} size={40} />
          {(['soft', 'hard', 'off'] as const).map((mode) => (
            <button key={mode} disabled={reason.length < 3} onClick={() => kill.mutate({ mode, reason })}>
              {mode === 'off' ? 'Reset my halt' : `${mode} halt`}
            </button>
          ))}
          <button disabled={reason.length < 3} onClick={() => kill.mutate({ mode: 'hard', reason, global: true })}>
            Global hard halt (admin)
          </button>
          <button disabled={reason.length < 3} onClick={() => kill.mutate({ mode: 'off', reason, global: true })}>
            Reset global (admin)
          </button>
        </div>
        {kill.error && <p style={s.error}>{errorText(kill.error)}</p>}
      </div>
      <div style={s.card}>
        <h3>
          Limits in {l?.currency ?? '…'} — version {l?.version ?? '…'}
        </h3>
        <p style={s.muted}>
          Orders, positions, exposure and equity in other currencies are converted at the latest stored FX rate; without one, orders are refused.
        </p>
        <div style={s.row}>
          {(['maxPositionNotional', 'maxOrderNotional', 'maxDailyLoss'] as const).map((key) => (
            <label key={key} style={s.label}>
              {key}
              <input value={limits[key]} onChange={(e) => setLimits({ ...limits, [key]: e.target.value })} />
            </label>
          ))}
          <label style={s.label}>
            risk currency
            <input value={limits.currency} size={6} onChange={(e) => setLimits({ ...limits, currency: e.target.value.toUpperCase() })} />
          </label>
          <label style={s.label}>
            maxOpenOrders
            <input type="number" min={0} value={limits.maxOpenOrders} onChange={(e) => setLimits({ ...limits, maxOpenOrders: Number(e.target.value) })} />
          </label>
          <button onClick={() => save.mutate(limits)}>Save new version</button>
        </div>
        {save.error && <p style={s.error}>{errorText(save.error)}</p>}
        <p style={s.muted}>
          Reserved by open orders: {show(risk.data?.reservedNotional)}
          {risk.data?.missingFxRates.length ? ` (no rate for ${risk.data.missingFxRates.join(', ')})` : ''} · open orders: {risk.data?.openOrders ?? 0} ·
          today&apos;s peak equity (P&amp;L): {show(risk.data?.dayPeakEquity)}
        </p>
      </div>
    </div>
  );
}
