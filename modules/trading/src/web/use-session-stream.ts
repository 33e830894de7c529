import { useEffect, useState } from 'react';
import { apiFetch } from '@tessera/core/web';
import type { AgentSession, AgentStep } from '../contracts/index.ts';

export interface SessionDone {
  status: string;
  answer: string | null;
  errorCode: string | null;
  totalTokens: number;
  costMicros: number;
}

export type StreamMode = 'connecting' | 'live' | 'polling';

const POLL_MS = 1000;
/** EventSource retries by itself; after this many errors in a row the page polls instead. */
const MAX_STREAM_ERRORS = 3;

function merge(xs: AgentStep[], add: AgentStep[]): AgentStep[] {
  const seen = new Set(xs.map((x) => x.n));
  const next = [...xs, ...add.filter((x) => !seen.has(x.n))];
  return next.sort((a, b) => a.n - b.n);
}

/**
 * Live steps of an agent session: EventSource on the server-sent events route (the browser resumes
 * with Last-Event-ID after a drop), and polling of the session when EventSource is missing or keeps
 * failing (a proxy that buffers streams, for example).
 */
export function useSessionStream(org: string, id: string | null) {
  const [steps, setSteps] = useState<AgentStep[]>([]);
  const [done, setDone] = useState<SessionDone | null>(null);
  const [mode, setMode] = useState<StreamMode>('connecting');
  useEffect(() => {
    setSteps([]);
    setDone(null);
    setMode('connecting');
    if (!id) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let source: EventSource | null = null;

    const poll = async () => {
      if (stopped) return;
      try {
        const s = await apiFetch<AgentSession>(`/api/trading/agents/sessions/${id}`, { org });
        if (stopped) return;
        setSteps((xs) => merge(xs, s.steps));
        if (s.status !== 'running') {
          setDone({ status: s.status, answer: s.answer, errorCode: s.errorCode, totalTokens: s.totalTokens, costMicros: s.costMicros });
          return;
        }
      } catch {
        // keep polling: the next attempt may succeed
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    const fallBack = () => {
      source?.close();
      source = null;
      setMode('polling');
      void poll();
    };

    if (typeof EventSource === 'undefined') fallBack();
    else {
      let errors = 0;
      source = new EventSource(`/api/trading/agents/sessions/${id}/events?org=${encodeURIComponent(org)}`, { withCredentials: true });
      source.addEventListener('ready', () => {
        errors = 0;
        setMode('live');
      });
      source.addEventListener('step', (e) => {
        errors = 0;
        setSteps((xs) => merge(xs, [JSON.parse((e as MessageEvent<string>).data) as AgentStep]));
      });
      source.addEventListener('done', (e) => {
        setDone(JSON.parse((e as MessageEvent<string>).data) as SessionDone);
        source?.close();
      });
      source.onerror = () => {
        errors += 1;
        if (source?.readyState === EventSource.CLOSED || errors >= MAX_STREAM_ERRORS) fallBack();
      };
    }
    return () => {
      stopped = true;
      source?.close();
      if (timer) clearTimeout(timer);
    };
  }, [org, id]);
  return { steps, done, mode };
}
