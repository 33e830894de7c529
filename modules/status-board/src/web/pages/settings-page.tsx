import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { DEFAULT_LABELS, type AppointmentStatus, type ShopSettings } from '../../contracts/index.ts';
import { s } from '../components/styles.ts';
import { useAdminClient } from './use-admin-client.ts';

/** Every zone the browser knows (IANA names), with the shop's own first if it is missing. */
function zoneNames(current: string | undefined): string[] {
  const all = Intl.supportedValuesOf('timeZone');
  return current && !all.includes(current) ? [current, ...all] : all;
}

/** Shop settings: the time zone that decides "today", and the shop's names for the fixed columns. */
export function SettingsPage({ org }: { org: string }) {
  const client = useAdminClient(org);
  const [settings, setSettings] = useState<ShopSettings | null>(null);
  const [zone, setZone] = useState('');
  const [labels, setLabels] = useState<{ status: AppointmentStatus; label: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [x, l] = await Promise.all([client.settings(), client.labels()]);
      setSettings(x);
      setZone(x.timeZone);
      setLabels(l);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [client]);
  useEffect(() => {
    void load();
  }, [load]);
  const zones = useMemo(() => zoneNames(settings?.timeZone), [settings]);

  const act = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      setError(null);
      setSaved(what);
      await load();
    } catch (err) {
      setSaved(null);
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const saveZone = (e: FormEvent) => {
    e.preventDefault();
    void act('Time zone saved.', () => client.updateSettings({ timeZone: zone }));
  };

  return (
    <div style={s.page} data-testid="settings-page">
      <h2>Shop settings</h2>
      {error && (
        <div role="alert" style={s.error}>
          {error}
        </div>
      )}
      {saved && <div role="status">{saved}</div>}
      <form onSubmit={saveZone} style={s.toolbar} aria-label="Time zone">
        <label>
          Time zone{' '}
          <select value={zone} onChange={(e) => setZone(e.target.value)} aria-label="Time zone">
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!settings || zone === settings.timeZone}>
          Save
        </button>
        {settings && <span style={s.muted}>Today in the shop: {settings.today}</span>}
      </form>
      <h3>Column names</h3>
      <p style={s.muted}>Each column keeps its fixed meaning (and its rules); only the name on the board changes.</p>
      <table style={s.table}>
        <tbody>
          {labels.map((l) => (
            <LabelRow key={l.status} status={l.status} label={l.label} onSave={(label) => act('Column renamed.', () => client.setLabel(l.status, label))} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LabelRow({ status, label, onSave }: { status: AppointmentStatus; label: string; onSave: (label: string) => void }) {
  const [text, setText] = useState(label);
  useEffect(() => setText(label), [label]);
  return (
    <tr>
      <td style={s.cell}>{DEFAULT_LABELS[status]}</td>
      <td style={s.cell}>
        <input aria-label={`Name for ${DEFAULT_LABELS[status]}`} value={text} maxLength={60} onChange={(e) => setText(e.target.value)} />
      </td>
      <td style={s.cell}>
        <button type="button" aria-label={`Rename ${DEFAULT_LABELS[status]}`} disabled={!text.trim() || text === label} onClick={() => onSave(text.trim())}>
          Rename
        </button>
      </td>
    </tr>
  );
}
