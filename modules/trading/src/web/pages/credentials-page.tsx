import { useState } from 'react';
import { errorText, useCredentials, useTradingMutation } from '../use-trading-api.ts';
import { s } from '../trading-styles.ts';

const PROVIDERS = [
  { id: 'openai', models: 'gpt-4o-mini, gpt-4o' },
  { id: 'anthropic', models: 'claude-3-5-haiku, claude-sonnet' },
  { id: 'gemini', models: 'gemini-1.5-flash, gemini-1.5-pro' },
  { id: 'openai-compatible', models: 'any model your endpoint serves' },
];

export function CredentialsPage({ org }: { org: string }) {
  const creds = useCredentials(org);
  const [f, setF] = useState({ provider: 'openai', label: '', apiKey: '', baseUrl: '', defaultModel: '', fallbackModel: '' });
  const save = useTradingMutation(org, (api, body: Record<string, unknown>) => api('/credentials', 'POST', body));
  const del = useTradingMutation(org, (api, id: string) => api(`/credentials/${id}`, 'DELETE'));
  const makeDefault = useTradingMutation(org, (api, id: string) => api(`/credentials/${id}/default`, 'PUT', {}));
  const submit = () => {
    const body: Record<string, unknown> = { provider: f.provider, label: f.label || f.provider, apiKey: f.apiKey };
    for (const k of ['baseUrl', 'defaultModel', 'fallbackModel'] as const) if (f[k]) body[k] = f[k];
    save.mutate(body, { onSuccess: () => setF({ ...f, apiKey: '' }) });
  };
  return (
    <div>
      <div style={s.card}>
        <h3>Add a model credential</h3>
        <p style={s.muted}>
          The key is checked with the provider before it is saved, encrypted (AES-256-GCM, bound to you, the provider and the credential), and never shown
          again: only its last four characters.
        </p>
        <div style={s.row}>
          <label style={s.label}>
            Provider
            <select value={f.provider} onChange={(e) => setF({ ...f, provider: e.target.value })}>
              {PROVIDERS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id}
                </option>
              ))}
            </select>
          </label>
          <label style={s.label}>
            Label
            <input value={f.label} onChange={(e) => setF({ ...f, label: e.target.value })} />
          </label>
          <label style={s.label}>
            API key
            <input type="password" autoComplete="off" value={f.apiKey} onChange={(e) => setF({ ...f, apiKey: e.target.value })} />
          </label>
          {f.provider === 'openai-compatible' && (
            <label style={s.label}>
              Base URL
              <input value={f.baseUrl} placeholder="https://host/v1" onChange={(e) => setF({ ...f, baseUrl: e.target.value })} />
            </label>
          )}
          <label style={s.label}>
            Default model
            <input
              value={f.defaultModel}
              placeholder={PROVIDERS.find((p) => p.id === f.provider)?.models}
              onChange={(e) => setF({ ...f, defaultModel: e.target.value })}
            />
          </label>
          <label style={s.label}>
            Fallback model
            <input value={f.fallbackModel} onChange={(e) => setF({ ...f, fallbackModel: e.target.value })} />
          </label>
          <button disabled={f.apiKey.length < 8 || save.isPending} onClick={submit}>
            {save.isPending ? 'Checking…' : 'Check and save'}
          </button>
        </div>
        {save.error && <p style={s.error}>{errorText(save.error)}</p>}
      </div>
      <div style={s.card}>
        <table style={s.table}>
          <thead>
            <tr>
              {['Label', 'Provider', 'Key', 'Model', 'Fallback', 'Check', 'Default', 'Last used', ''].map((h) => (
                <th key={h} style={s.th}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(creds.data?.credentials ?? []).map((c) => (
              <tr key={c.id}>
                <td style={s.td}>{c.label}</td>
                <td style={s.td}>
                  {c.provider}
                  {c.baseUrl ? ` (${c.baseUrl})` : ''}
                </td>
                <td style={s.td}>
                  <code>{c.masked}</code>
                </td>
                <td style={s.td}>{c.defaultModel ?? '—'}</td>
                <td style={s.td}>{c.fallbackModel ?? '—'}</td>
                <td style={s.td} title={c.verificationDetail ?? ''}>
                  {c.verification}
                </td>
                <td style={s.td}>{c.isDefault ? 'yes' : <button onClick={() => makeDefault.mutate(c.id)}>Make default</button>}</td>
                <td style={s.td}>{c.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never'}</td>
                <td style={s.td}>
                  <button onClick={() => del.mutate(c.id)}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
