import { useEffect, useState } from 'react';
import type { AgentStep } from '../../contracts/index.ts';
import { errorText, useSessions, useTradingMutation } from '../use-trading-api.ts';
import { s } from '../trading-styles.ts';
import { PortfolioPicker } from './portfolio-picker.tsx';

interface Done {
  status: string;
  answer: string | null;
  errorCode: string | null;
  totalTokens: number;
  costMicros: number;
}

/** Live steps over server-sent events (the session runs on the server; this only listens). */
function useSessionStream(org: string, id: string | null) {
  const [steps, setSteps] = useState<AgentStep[]>([]);
  const [done, setDone] = useState<Done | null>(null);
  useEffect(() => {
    setSteps([]);
    setDone(null);
    if (!id) return;
    // EventSource cannot set headers, so the organization travels as the session's cookie context.
    const ctrl = new AbortController();
    void (async () => {
      const res = await fetch(`/api/trading/agents/sessions/${id}/events`, { headers: { 'x-tessera-org': org }, credentials: 'include', signal: ctrl.signal });
      const reader = res.body?.getReader();
      if (!reader) return;
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const chunk = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (\w+)\ndata: (.*)$/s.exec(chunk);
          if (ev?.[1] === 'step') setSteps((xs) => [...xs, JSON.parse(ev[2]!) as AgentStep]);
          if (ev?.[1] === 'done') setDone(JSON.parse(ev[2]!) as Done);
        }
      }
    })().catch(() => undefined);
    return () => ctrl.abort();
  }, [org, id]);
  return { steps, done };
}

export function AgentsPage({ org }: { org: string }) {
  const [pid, setPid] = useState<string | null>(null);
  const [question, setQuestion] = useState('How is my BTC position doing, and should I add to it?');
  const [model, setModel] = useState('offline/tessera-1');
  const [sessionId, setSessionId] = useState<string | null>(null);
  const sessions = useSessions(org);
  const start = useTradingMutation(org, (api, body: Record<string, unknown>) => api<{ id: string }>('/agents/sessions', 'POST', body));
  const { steps, done } = useSessionStream(org, sessionId);
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
          <h3>Steps</h3>
          <ol>
            {steps.map((st) => (
              <li key={st.n}>
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
            <p>
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
