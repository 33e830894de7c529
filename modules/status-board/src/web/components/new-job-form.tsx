import { useEffect, useState, type FormEvent } from 'react';
import { wallClockInstant, type Customer, type Service, type StatusBoardClient, type Vehicle } from '../../contracts/index.ts';
import { money } from './format.ts';
import { s } from './styles.ts';

interface Props {
  client: StatusBoardClient;
  date: string;
  timeZone: string;
  technicians: { id: string; name: string }[];
  onDone: (message: string | null) => void;
}

const NEW = 'new';

/**
 * Books a job on the board's day: a walk-in or a phone call. Finds the customer (or adds one with
 * a vehicle), picks services from the active catalog, a technician, the time window and the
 * promised time on the shop's clock.
 */
export function NewJobForm({ client, date, timeZone, technicians, onDone }: Props) {
  const [q, setQ] = useState('');
  const [customers, setCustomers] = useState<Customer[]>([]);
  const [customerId, setCustomerId] = useState('');
  const [newCustomer, setNewCustomer] = useState({ name: '', phone: '' });
  const [vehicles, setVehicles] = useState<Vehicle[]>([]);
  const [vehicleId, setVehicleId] = useState('');
  const [newVehicle, setNewVehicle] = useState({ year: '', make: '', model: '', plate: '' });
  const [services, setServices] = useState<Service[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [technicianId, setTechnicianId] = useState('');
  const [times, setTimes] = useState({ start: '', end: '', promised: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.services({ active: true, limit: 200 }).then(
      (p) => setServices(p.items),
      () => undefined,
    );
  }, [client]);
  useEffect(() => {
    const t = setTimeout(() => {
      client.customers({ q, limit: 20 }).then(
        (p) => setCustomers(p.items),
        () => undefined,
      );
    }, 200);
    return () => clearTimeout(t);
  }, [client, q]);
  useEffect(() => {
    setVehicleId('');
    if (!customerId || customerId === NEW) return setVehicles([]);
    client.vehicles({ customerId, limit: 50 }).then(
      (p) => {
        setVehicles(p.items);
        setVehicleId(p.items[0]?.id ?? '');
      },
      () => undefined,
    );
  }, [client, customerId]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      let cid = customerId;
      if (cid === NEW) cid = (await client.createCustomer({ name: newCustomer.name.trim(), phone: newCustomer.phone.trim() || null })).id;
      let vid: string | null = vehicleId || null;
      if (vehicleId === NEW) {
        const year = Number(newVehicle.year);
        vid = (
          await client.createVehicle({
            customerId: cid,
            make: newVehicle.make.trim(),
            model: newVehicle.model.trim(),
            year: Number.isInteger(year) && year >= 1900 ? year : null,
            plate: newVehicle.plate.trim() || null,
          })
        ).id;
      }
      await client.createAppointment({
        date,
        customerId: cid,
        vehicleId: vid,
        serviceIds: chosen,
        technicianId: technicianId || null,
        windowStart: times.start || null,
        windowEnd: times.end || null,
        promisedAt: times.promised ? wallClockInstant(date, times.promised, timeZone).toISOString() : null,
      });
      onDone('Job booked.');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const total = services.filter((x) => chosen.includes(x.id)).reduce((sum, x) => sum + x.priceCents, 0);
  return (
    <form onSubmit={submit} style={s.panel} aria-label="New job" data-testid="new-job-form">
      <strong>New job on {date}</strong>
      {error && (
        <div role="alert" style={s.error}>
          {error}
        </div>
      )}
      <div style={s.toolbar}>
        <input type="search" placeholder="Find customer" aria-label="Find customer" value={q} onChange={(e) => setQ(e.target.value)} />
        <select required aria-label="Customer" value={customerId} onChange={(e) => setCustomerId(e.target.value)}>
          <option value="">Choose customer…</option>
          <option value={NEW}>+ New customer</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.phone ? ` · ${c.phone}` : ''}
            </option>
          ))}
        </select>
        {customerId === NEW && (
          <>
            <input
              required
              placeholder="Name"
              aria-label="Customer name"
              value={newCustomer.name}
              onChange={(e) => setNewCustomer({ ...newCustomer, name: e.target.value })}
            />
            <input
              placeholder="Phone"
              aria-label="Phone"
              value={newCustomer.phone}
              onChange={(e) => setNewCustomer({ ...newCustomer, phone: e.target.value })}
            />
          </>
        )}
        <select aria-label="Vehicle" value={vehicleId} onChange={(e) => setVehicleId(e.target.value)} disabled={!customerId}>
          <option value="">No vehicle</option>
          <option value={NEW}>+ New vehicle</option>
          {vehicles.map((v) => (
            <option key={v.id} value={v.id}>
              {`${v.year ?? ''} ${v.make} ${v.model}${v.plate ? ` · ${v.plate}` : ''}`.trim()}
            </option>
          ))}
        </select>
        {vehicleId === NEW && (
          <>
            <input
              placeholder="Year"
              aria-label="Year"
              inputMode="numeric"
              style={{ width: 60 }}
              value={newVehicle.year}
              onChange={(e) => setNewVehicle({ ...newVehicle, year: e.target.value })}
            />
            <input
              required
              placeholder="Make"
              aria-label="Make"
              value={newVehicle.make}
              onChange={(e) => setNewVehicle({ ...newVehicle, make: e.target.value })}
            />
            <input
              required
              placeholder="Model"
              aria-label="Model"
              value={newVehicle.model}
              onChange={(e) => setNewVehicle({ ...newVehicle, model: e.target.value })}
            />
            <input placeholder="Plate" aria-label="Plate" value={newVehicle.plate} onChange={(e) => setNewVehicle({ ...newVehicle, plate: e.target.value })} />
          </>
        )}
      </div>
      <fieldset style={s.services}>
        <legend>Services · {money(total)}</legend>
        {services.map((x) => (
          <label key={x.id} style={{ whiteSpace: 'nowrap' }}>
            <input
              type="checkbox"
              checked={chosen.includes(x.id)}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, x.id] : chosen.filter((id) => id !== x.id))}
            />{' '}
            {x.code} {x.name} ({money(x.priceCents)})
          </label>
        ))}
      </fieldset>
      <div style={s.toolbar}>
        <select aria-label="Technician for the job" value={technicianId} onChange={(e) => setTechnicianId(e.target.value)}>
          <option value="">Unassigned</option>
          {technicians.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <label>
          From <input type="time" aria-label="Window start" value={times.start} onChange={(e) => setTimes({ ...times, start: e.target.value })} />
        </label>
        <label>
          to <input type="time" aria-label="Window end" value={times.end} onChange={(e) => setTimes({ ...times, end: e.target.value })} />
        </label>
        <label title={`Shop time (${timeZone})`}>
          Promised <input type="time" aria-label="Promised time" value={times.promised} onChange={(e) => setTimes({ ...times, promised: e.target.value })} />
        </label>
        <button type="submit" disabled={busy || !customerId}>
          Book job
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
