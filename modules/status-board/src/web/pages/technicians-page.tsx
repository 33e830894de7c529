import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { PageOf, Technician } from '../../contracts/index.ts';
import { s } from '../components/styles.ts';
import { useAdminClient } from './use-admin-client.ts';

/** The crew: add technicians, set daily capacity (for utilisation), deactivate. */
export function TechniciansPage({ org }: { org: string }) {
  const client = useAdminClient(org);
  const [page, setPage] = useState<PageOf<Technician> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [capacity, setCapacity] = useState('480');

  const load = useCallback(async () => {
    try {
      setPage(await client.technicians({ limit: 200 }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [client]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setError(null);
      await load();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await client.createTechnician({ name: name.trim(), dailyCapacityMinutes: Number(capacity) || 0 });
      setName('');
    });
  };

  return (
    <div style={s.page} data-testid="technicians-page">
      <h2>Technicians</h2>
      {error && (
        <div role="alert" style={s.error}>
          {error}
        </div>
      )}
      <form onSubmit={add} style={s.toolbar} aria-label="Add a technician">
        <input required placeholder="Name" aria-label="Name" value={name} onChange={(e) => setName(e.target.value)} />
        <input
          type="number"
          min={0}
          max={1440}
          aria-label="Daily capacity in minutes"
          value={capacity}
          onChange={(e) => setCapacity(e.target.value)}
          style={{ width: 80 }}
        />
        <button type="submit">Add technician</button>
      </form>
      <table style={s.table}>
        <thead>
          <tr>
            {['Name', 'Capacity (min/day)', 'Active', ''].map((h) => (
              <th key={h} style={s.cell}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page?.items.map((t) => (
            <tr key={t.id}>
              <td style={s.cell}>{t.name}</td>
              <td style={s.cell}>{t.dailyCapacityMinutes}</td>
              <td style={s.cell}>{t.active ? 'yes' : 'no'}</td>
              <td style={s.cell}>
                <button type="button" onClick={() => act(() => client.updateTechnician(t.id, { active: !t.active }))}>
                  {t.active ? 'Deactivate' : 'Activate'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
