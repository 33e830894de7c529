import { useState } from 'react';
import { styles, toLimit } from '../gateway-styles.ts';
import { useGatewayMutation, useGatewayQuery } from '../use-gateway-api.ts';
import { AddressLimitsForm } from './address-limits-form.tsx';

interface KeyRow {
  api_key_id: string;
  name: string;
  prefix: string;
  scopes: string[];
  team_id: string | null;
  rpm: number | null;
  tpm: number | null;
  allowed_models: string[] | null;
  guardrails: { injection?: string; pii?: string; cacheTtlSeconds?: number };
}

function KeyEditor({ org, k, teams }: { org: string; k: KeyRow; teams: { id: string; name: string }[] }) {
  const save = useGatewayMutation<{ id: string; payload: Record<string, unknown> }>(org, 'PUT', (b) => `/keys/${b.id}`);
  const [s, setS] = useState({
    teamId: k.team_id ?? '',
    rpm: k.rpm?.toString() ?? '',
    tpm: k.tpm?.toString() ?? '',
    models: (k.allowed_models ?? []).join(', '),
    injection: k.guardrails.injection ?? 'off',
    pii: k.guardrails.pii ?? 'off',
    cache: k.guardrails.cacheTtlSeconds?.toString() ?? '0',
  });
  const submit = () =>
    save.mutate({
      id: k.api_key_id,
      payload: {
        teamId: s.teamId || null,
        rpm: toLimit(s.rpm),
        tpm: toLimit(s.tpm),
        allowedModels: s.models.trim()
          ? s.models
              .split(',')
              .map((m) => m.trim())
              .filter(Boolean)
          : null,
        guardrails: { injection: s.injection, pii: s.pii, cacheTtlSeconds: Number(s.cache) || 0 },
      },
    });
  return (
    <tr>
      <td style={styles.td}>
        {k.name}
        <div style={styles.muted}>tsk_{k.prefix}_…</div>
      </td>
      <td style={styles.td}>
        <select style={styles.input} value={s.teamId} onChange={(e) => setS({ ...s, teamId: e.target.value })}>
          <option value="">no team</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </td>
      <td style={styles.td}>
        <input style={{ ...styles.input, width: 70 }} placeholder="1200" value={s.rpm} onChange={(e) => setS({ ...s, rpm: e.target.value })} />
      </td>
      <td style={styles.td}>
        <input style={{ ...styles.input, width: 90 }} placeholder="4000000" value={s.tpm} onChange={(e) => setS({ ...s, tpm: e.target.value })} />
      </td>
      <td style={styles.td}>
        <input style={styles.input} placeholder="all models" value={s.models} onChange={(e) => setS({ ...s, models: e.target.value })} />
      </td>
      <td style={styles.td}>
        <select style={styles.input} value={s.injection} onChange={(e) => setS({ ...s, injection: e.target.value })}>
          {['off', 'log', 'block'].map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </td>
      <td style={styles.td}>
        <select style={styles.input} value={s.pii} onChange={(e) => setS({ ...s, pii: e.target.value })}>
          {['off', 'log', 'redact', 'block'].map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </td>
      <td style={styles.td}>
        <input style={{ ...styles.input, width: 60 }} value={s.cache} onChange={(e) => setS({ ...s, cache: e.target.value })} />
      </td>
      <td style={styles.td}>
        <button style={styles.button} onClick={submit} disabled={save.isPending}>
          Save
        </button>
        {save.error ? <div style={styles.error}>{save.error.message}</div> : null}
      </td>
    </tr>
  );
}

export function KeysPage({ org }: { org: string }) {
  const keys = useGatewayQuery<KeyRow[]>(org, '/keys');
  const teams = useGatewayQuery<{ id: string; name: string }[]>(org, '/teams');
  const createTeam = useGatewayMutation<{ name: string }>(org, 'POST', () => '/teams');
  const [team, setTeam] = useState('');
  return (
    <div>
      <p style={styles.muted}>
        Virtual keys are platform API keys with the gateway:invoke scope (create them under API keys). Here you set each key&apos;s team, limits, allowed
        models, guardrails and cache.
      </p>
      <div style={styles.row}>
        <input style={styles.input} placeholder="new team name" value={team} onChange={(e) => setTeam(e.target.value)} />
        <button style={styles.button} disabled={!team} onClick={() => createTeam.mutate({ name: team }, { onSuccess: () => setTeam('') })}>
          Add team
        </button>
        <span style={styles.muted}>Teams: {(teams.data ?? []).map((t) => t.name).join(', ') || 'none'}</span>
      </div>
      <table style={styles.table}>
        <thead>
          <tr>
            {['key', 'team', 'RPM', 'TPM', 'allowed models', 'injection', 'PII', 'cache TTL s', ''].map((h) => (
              <th key={h} style={styles.th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(keys.data ?? []).map((k) => (
            <KeyEditor key={k.api_key_id} org={org} k={k} teams={teams.data ?? []} />
          ))}
        </tbody>
      </table>
      <AddressLimitsForm org={org} />
    </div>
  );
}
