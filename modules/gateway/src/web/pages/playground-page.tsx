import { useState } from 'react';
import { formatMicros, styles } from '../gateway-styles.ts';
import { useGatewayMutation } from '../use-gateway-api.ts';

interface PlaygroundResult {
  content: string | null;
  provider: string;
  model: string;
  finishReason: string;
  latencyMs: number;
  usage: { promptTokens: number; completionTokens: number; costMicros: number };
  toolCalls: { name: string; arguments: string }[];
}

export function PlaygroundPage({ org }: { org: string }) {
  const [model, setModel] = useState('tessera-offline');
  const [system, setSystem] = useState('You are a concise assistant.');
  const [prompt, setPrompt] = useState('Explain what an LLM gateway does in one sentence.');
  const run = useGatewayMutation<Record<string, unknown>, PlaygroundResult>(org, 'POST', () => '/playground');
  const send = () =>
    run.mutate({ model, maxTokens: 512, messages: [...(system ? [{ role: 'system', content: system }] : []), { role: 'user', content: prompt }] });
  const r = run.data;
  return (
    <div>
      <p style={styles.muted}>
        Sends a chat through the gateway (routing, budgets and metering apply; the call is billed to your organization). <code>tessera-offline</code> is the
        built-in deterministic offline model.
      </p>
      <div style={styles.row}>
        <input style={styles.input} value={model} onChange={(e) => setModel(e.target.value)} />
        <button style={styles.button} onClick={send} disabled={run.isPending}>
          {run.isPending ? 'Sending…' : 'Send'}
        </button>
      </div>
      <textarea style={{ ...styles.input, width: '100%', height: 60 }} value={system} onChange={(e) => setSystem(e.target.value)} placeholder="system prompt" />
      <textarea style={{ ...styles.input, width: '100%', height: 100, marginTop: 8 }} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
      {run.error ? <p style={styles.error}>{run.error.message}</p> : null}
      {r ? (
        <div style={styles.card}>
          <div style={styles.row}>
            <span style={styles.badge}>{r.provider}</span>
            <span style={styles.badge}>{r.model}</span>
            <span style={styles.muted} data-testid="playground-meta">
              {r.usage.promptTokens} + {r.usage.completionTokens} tokens · {formatMicros(r.usage.costMicros)} · {r.latencyMs} ms · {r.finishReason}
            </span>
          </div>
          <div style={styles.mono}>{r.content ?? r.toolCalls.map((t) => `${t.name}(${t.arguments})`).join('\n')}</div>
        </div>
      ) : null}
    </div>
  );
}
