import { useState } from 'react';
import { styles } from '../gateway-styles.ts';
import { useGatewayMutation, useGatewayQuery } from '../use-gateway-api.ts';

interface RouteRow {
  id: string;
  name: string;
  priority: number;
  match: Record<string, unknown>;
  targets: { provider: string; model?: string; weight?: number; fallback?: boolean }[];
  retries: number;
  timeout_ms: number;
  enabled: boolean;
}

const EXAMPLE = JSON.stringify(
  {
    name: 'gpt-with-fallback',
    priority: 10,
    match: { model: 'gpt-4o*' },
    targets: [
      { provider: 'openai-main', weight: 3 },
      { provider: 'azure-eu', weight: 1 },
      { provider: 'offline', model: 'tessera-1', fallback: true },
    ],
    retries: 1,
    timeoutMs: 30000,
  },
  null,
  2,
);

export function RoutesPage({ org }: { org: string }) {
  const list = useGatewayQuery<RouteRow[]>(org, '/routes');
  const create = useGatewayMutation<Record<string, unknown>>(org, 'POST', () => '/routes');
  const remove = useGatewayMutation<{ id: string }>(org, 'DELETE', (b) => `/routes/${b.id}`);
  const [text, setText] = useState(EXAMPLE);
  const [parseError, setParseError] = useState<string | null>(null);
  const submit = () => {
    try {
      create.mutate(JSON.parse(text) as Record<string, unknown>);
      setParseError(null);
    } catch (err) {
      setParseError((err as Error).message);
    }
  };
  return (
    <div>
      <p style={styles.muted}>
        Routes are tried by priority (lowest first). The first whose conditions match (model pattern, keys, teams, x-alfred-meta-* headers) picks a weighted
        primary; the other targets and fallbacks follow on 429, 5xx and timeouts.
      </p>
      <table style={styles.table}>
        <thead>
          <tr>
            {['priority', 'name', 'match', 'targets', 'retries', 'timeout', ''].map((h) => (
              <th key={h} style={styles.th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((r) => (
            <tr key={r.id}>
              <td style={styles.td}>{r.priority}</td>
              <td style={styles.td}>{r.name}</td>
              <td style={{ ...styles.td, ...styles.mono }}>{JSON.stringify(r.match)}</td>
              <td style={styles.td}>
                {r.targets
                  .map((t) => `${t.fallback ? 'fallback ' : ''}${t.provider}${t.model ? `/${t.model}` : ''}${t.weight ? ` ×${t.weight}` : ''}`)
                  .join(', ')}
              </td>
              <td style={styles.td}>{r.retries}</td>
              <td style={styles.td}>{r.timeout_ms} ms</td>
              <td style={styles.td}>
                <button style={{ ...styles.button, background: '#b42318' }} onClick={() => remove.mutate({ id: r.id })}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div style={styles.card}>
        <h3 style={{ marginTop: 0 }}>New route (JSON)</h3>
        <textarea style={{ ...styles.input, ...styles.mono, width: '100%', height: 220 }} value={text} onChange={(e) => setText(e.target.value)} />
        <div style={styles.row}>
          <button style={styles.button} onClick={submit}>
            Create route
          </button>
          {parseError ? <span style={styles.error}>{parseError}</span> : null}
          {create.error ? <span style={styles.error}>{create.error.message}</span> : null}
        </div>
      </div>
    </div>
  );
}
