import { useState } from 'react';
import { ApiError } from '@tessera/core/web';
import { styles, toLimit } from '../gateway-styles.ts';
import { useGatewayMutation, useGatewayQuery } from '../use-gateway-api.ts';

interface Limits {
  ipRpm: number | null;
  ipTpm: number | null;
  effectiveIpRpm: number;
  effectiveIpTpm: number | null;
}

function LimitsEditor({ org, limits }: { org: string; limits: Limits }) {
  const save = useGatewayMutation<{ ipRpm: number | string | null; ipTpm: number | string | null }, Limits>(org, 'PUT', () => '/limits');
  const [rpm, setRpm] = useState(limits.ipRpm?.toString() ?? '');
  const [tpm, setTpm] = useState(limits.ipTpm?.toString() ?? '');
  const err = save.error;
  // Editing clears the last answer, so "saved" or an error always speaks of the values shown.
  const edit = (set: (v: string) => void) => (v: string) => {
    set(v);
    save.reset();
  };
  return (
    <div style={styles.row}>
      <label style={styles.muted}>
        Requests/min per address{' '}
        <input style={{ ...styles.input, width: 90 }} placeholder="default" value={rpm} onChange={(e) => edit(setRpm)(e.target.value)} />
      </label>
      <label style={styles.muted}>
        Tokens/min per address{' '}
        <input style={{ ...styles.input, width: 110 }} placeholder="no limit" value={tpm} onChange={(e) => edit(setTpm)(e.target.value)} />
      </label>
      <button style={styles.button} disabled={save.isPending} onClick={() => save.mutate({ ipRpm: toLimit(rpm), ipTpm: toLimit(tpm) })}>
        Save limits
      </button>
      {save.isSuccess ? <span style={styles.badge}>saved</span> : null}
      {err ? (
        <span role="alert" data-testid="limits-error" style={styles.error}>
          {err instanceof ApiError ? `${err.body.code}: ${err.message}` : err.message}
        </span>
      ) : null}
    </div>
  );
}

/** Requests and tokens per minute per client address of this organization's /v1 traffic. */
export function AddressLimitsForm({ org }: { org: string }) {
  const limits = useGatewayQuery<Limits>(org, '/limits');
  const l = limits.data;
  return (
    <div style={{ ...styles.card, marginTop: 16 }} data-testid="address-limits">
      <strong>Limits per client address</strong>
      <p style={styles.muted}>
        Counted per organization and address across all keys. Leave a field empty for the default; 0 is refused (revoke keys to stop traffic).
      </p>
      {l ? (
        <>
          <LimitsEditor org={org} limits={l} />
          <div style={styles.muted} data-testid="limits-in-force">
            In force: {l.effectiveIpRpm} requests/min, {l.effectiveIpTpm === null ? 'no token limit' : `${l.effectiveIpTpm} tokens/min`}
          </div>
        </>
      ) : null}
      {limits.error ? <div style={styles.error}>{limits.error.message}</div> : null}
    </div>
  );
}
