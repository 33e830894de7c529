import { useState } from 'react';
import { styles } from '../gateway-styles.ts';
import { useGatewayMutation, useGatewayQuery } from '../use-gateway-api.ts';

interface Provider {
  id: string;
  name: string;
  kind: string;
  base_url: string | null;
  has_credential: boolean;
  enabled: boolean;
  config: { models?: string[] };
}

const KINDS = ['openai', 'azure', 'anthropic', 'gemini', 'mistral', 'groq', 'together', 'openrouter', 'ollama', 'openai-compatible', 'offline'];

export function ProvidersPage({ org }: { org: string }) {
  const list = useGatewayQuery<Provider[]>(org, '/providers');
  const create = useGatewayMutation<Record<string, unknown>>(org, 'POST', () => '/providers');
  const toggle = useGatewayMutation<{ id: string; payload: { enabled: boolean } }>(org, 'PATCH', (b) => `/providers/${b.id}`);
  const remove = useGatewayMutation<{ id: string }>(org, 'DELETE', (b) => `/providers/${b.id}`);
  const [form, setForm] = useState({ name: '', kind: 'openai', baseUrl: '', apiKey: '', models: '' });
  const submit = () =>
    create.mutate(
      {
        name: form.name,
        kind: form.kind,
        ...(form.baseUrl ? { baseUrl: form.baseUrl } : {}),
        ...(form.apiKey ? { apiKey: form.apiKey } : {}),
        config: form.models
          ? {
              models: form.models
                .split(',')
                .map((m) => m.trim())
                .filter(Boolean),
            }
          : {},
      },
      { onSuccess: () => setForm({ name: '', kind: 'openai', baseUrl: '', apiKey: '', models: '' }) },
    );
  return (
    <div>
      <div style={styles.card}>
        <h3 style={{ marginTop: 0 }}>Add a provider</h3>
        <div style={styles.row}>
          <input style={styles.input} placeholder="name (e.g. openai-main)" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          <select style={styles.input} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
          <input
            style={{ ...styles.input, minWidth: 260 }}
            placeholder="base URL (optional)"
            value={form.baseUrl}
            onChange={(e) => setForm({ ...form, baseUrl: e.target.value })}
          />
          <input
            style={styles.input}
            type="password"
            placeholder="API key (stored encrypted)"
            value={form.apiKey}
            onChange={(e) => setForm({ ...form, apiKey: e.target.value })}
          />
          <input
            style={styles.input}
            placeholder="models, comma separated"
            value={form.models}
            onChange={(e) => setForm({ ...form, models: e.target.value })}
          />
          <button style={styles.button} onClick={submit} disabled={!form.name || create.isPending}>
            Add
          </button>
        </div>
        {create.error ? <p style={styles.error}>{create.error.message}</p> : null}
      </div>
      <table style={styles.table}>
        <thead>
          <tr>
            {['name', 'kind', 'base URL', 'credential', 'models', 'enabled', ''].map((h) => (
              <th key={h} style={styles.th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((p) => (
            <tr key={p.id}>
              <td style={styles.td}>{p.name}</td>
              <td style={styles.td}>{p.kind === 'offline' ? <span style={styles.badge}>offline (deterministic)</span> : p.kind}</td>
              <td style={styles.td}>{p.base_url ?? 'default'}</td>
              <td style={styles.td}>{p.has_credential ? 'stored (encrypted)' : 'none'}</td>
              <td style={styles.td}>{(p.config.models ?? []).join(', ')}</td>
              <td style={styles.td}>
                <input type="checkbox" checked={p.enabled} onChange={(e) => toggle.mutate({ id: p.id, payload: { enabled: e.target.checked } })} />
              </td>
              <td style={styles.td}>
                <button style={{ ...styles.button, background: '#b42318' }} onClick={() => remove.mutate({ id: p.id })}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
