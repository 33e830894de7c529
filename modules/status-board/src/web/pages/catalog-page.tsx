import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { PageOf, Service } from '../../contracts/index.ts';
import { money, parseCents } from '../components/format.ts';
import { s } from '../components/styles.ts';
import { useAdminClient } from './use-admin-client.ts';

const PAGE = 25;

/** The shop's flat-price service catalog: search (empty lists all), page, add, reprice, retire. */
export function CatalogPage({ org }: { org: string }) {
  const client = useAdminClient(org);
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<PageOf<Service> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ code: '', name: '', price: '', minutes: '30' });

  const load = useCallback(async () => {
    try {
      setPage(await client.services({ q, limit: PAGE, offset }));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [client, q, offset]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await load();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const add = (e: FormEvent) => {
    e.preventDefault();
    const cents = parseCents(form.price);
    if (cents === null) return setError('Price must look like 49.99');
    void act(async () => {
      await client.createService({ code: form.code.trim(), name: form.name.trim(), priceCents: cents, durationMinutes: Number(form.minutes) || 0 });
      setForm({ code: '', name: '', price: '', minutes: '30' });
    });
  };

  return (
    <div style={s.page} data-testid="catalog-page">
      <h2>Service catalog</h2>
      <input
        type="search"
        placeholder="Search code or name"
        aria-label="Search services"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOffset(0);
        }}
      />
      {error && (
        <div role="alert" style={s.error}>
          {error}
        </div>
      )}
      <form onSubmit={add} style={s.toolbar} aria-label="Add a service">
        <input
          required
          placeholder="Code (OIL001)"
          aria-label="Code"
          value={form.code}
          onChange={(e) => setForm({ ...form, code: e.target.value })}
          pattern="[A-Za-z0-9_-]{1,32}"
        />
        <input required placeholder="Name" aria-label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        <input
          required
          placeholder="Price 49.99"
          aria-label="Price"
          inputMode="decimal"
          value={form.price}
          onChange={(e) => setForm({ ...form, price: e.target.value })}
        />
        <input
          required
          type="number"
          min={0}
          max={1440}
          aria-label="Minutes"
          value={form.minutes}
          onChange={(e) => setForm({ ...form, minutes: e.target.value })}
          style={{ width: 70 }}
        />
        <button type="submit">Add service</button>
      </form>
      <table style={s.table}>
        <thead>
          <tr>
            {['Code', 'Name', 'Price', 'Minutes', 'Active', ''].map((h) => (
              <th key={h} style={s.cell}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page?.items.map((svc) => (
            <tr key={svc.id} data-testid={`service-${svc.code}`}>
              <td style={s.cell}>{svc.code}</td>
              <td style={s.cell}>{svc.name}</td>
              <td style={s.cell}>
                <PriceEditor svc={svc} onSave={(cents) => act(() => client.updateService(svc.id, { priceCents: cents }))} />
              </td>
              <td style={s.cell}>{svc.durationMinutes}</td>
              <td style={s.cell}>{svc.active ? 'yes' : 'no'}</td>
              <td style={s.cell}>
                <button type="button" onClick={() => act(() => client.updateService(svc.id, { active: !svc.active }))}>
                  {svc.active ? 'Retire' : 'Reactivate'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page && (
        <div style={s.toolbar}>
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </button>
          <span style={s.muted} data-testid="catalog-count">
            {page.total === 0 ? 'No services' : `${offset + 1}–${offset + page.items.length} of ${page.total} services`}
          </span>
          <button type="button" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
            Next
          </button>
        </div>
      )}
    </div>
  );
}

function PriceEditor({ svc, onSave }: { svc: Service; onSave: (cents: number) => void }) {
  const [text, setText] = useState<string | null>(null);
  const shown = useMemo(() => money(svc.priceCents), [svc.priceCents]);
  if (text === null)
    return (
      <button
        type="button"
        onClick={() => setText(`${Math.floor(svc.priceCents / 100)}.${String(svc.priceCents % 100).padStart(2, '0')}`)}
        aria-label={`Edit price of ${svc.code}`}
      >
        {shown}
      </button>
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const cents = parseCents(text);
        if (cents !== null) onSave(cents);
        setText(null);
      }}
    >
      <input autoFocus aria-label="New price" value={text} onChange={(e) => setText(e.target.value)} style={{ width: 80 }} />
    </form>
  );
}
