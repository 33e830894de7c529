import { useState } from 'react';
import { errorText, useSessions, useTradingMutation } from '../use-trading-api.ts';
import { s } from '../trading-styles.ts';
import { PortfolioPicker } from './portfolio-picker.tsx';
import { useSessionStream } from '../use-session-stream.ts';

export function AgentsPage({ org }: { org: string }) {
  const [pid, setPid] = useState<string | null>(null);
  const [question, setQuestion] = useState('How is my BTC position doing, and should I add to it?');
  const [model, setModel] = useState('offline/tessera-1');
  const [sessionId, setSessionId] = useState<string | null>(null);
  const sessions = useSessions(org);
  const start = useTradingMutation(org, (api, body: Record<string, unknown>) => api<{ id: string }>('/agents/sessions', 'POST', body));
  const { steps, done, mode } = useSessionStream(org, sessionId);
  return (
    <div>
      <div style={s.card}>
        <div style={s.row}>
          <PortfolioPicker org={org} value={pid} onChange={setPid} />
          <label style={s.label}>
            Model (empty = your default credential)
            <input value={model} onChange={(e) => setModel(e.target.value)} />
          </label>
        </div>
        <textarea value={question} onChange={(e) => setQuestion(e.target.value)} rows={3} style={{ width: '100%', marginTop: 8 }} />
        <button
          disabled={!question || start.isPending}
          onClick={() =>
            start.mutate({ question, wait: false, ...(pid ? { portfolioId: pid } : {}), ...(model ? { model } : {}) }, { onSuccess: (r) => setSessionId(r.id) })
          }
        >
          Ask
        </button>
        {start.error && <p style={s.error}>{errorText(start.error)}</p>}
        <p style={s.muted}>
          The assistant can read your portfolio and prices and propose an order; proposals pass the risk check and wait for you on the paper orders page.
        </p>
      </div>
      {sessionId && (
        <div style={s.card}>
          <h3>
            Steps{' '}
            <span style={s.muted} data-testid="stream-mode">
              {mode === 'live' ? '● live' : mode === 'polling' ? '○ polling' : '…'}
            </span>
          </h3>
          <ol data-testid="agent-steps">
            {steps.map((st) => (
              <li key={st.n} data-testid={`agent-step-${st.n}`}>
                <b>{st.kind === 'tool_call' ? `tool ${st.tool}` : st.kind}</b>{' '}
                <span style={s.muted}>
                  {st.model} · {st.tokens} tokens · ${(st.costMicros / 1e6).toFixed(6)}
                </span>
                <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12, background: '#f7f7f7', padding: 8 }}>
                  {JSON.stringify(st.output, null, 2).slice(0, 1500)}
                </pre>
              </li>
            ))}
          </ol>
          {!done && <p style={s.muted}>Working…</p>}
          {done && (
            <p data-testid="agent-done">
              <b>{done.status}</b> {done.errorCode && <span style={s.error}>{done.errorCode}</span>} · {done.totalTokens} tokens · $
              {(done.costMicros / 1e6).toFixed(6)}
            </p>
          )}
        </div>
      )}
      <div style={s.card}>
        <h3>Earlier sessions</h3>
        <ul>
          {(sessions.data?.sessions ?? []).map((x) => (
            <li key={x.id}>
              <button onClick={() => setSessionId(x.id)}>{x.createdAt.slice(0, 16).replace('T', ' ')}</button> {x.question.slice(0, 80)} — {x.status} ({x.model}
              )
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
