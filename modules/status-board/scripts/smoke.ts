/**
 * One-command end-to-end check of a running server:
 *   npm run smoke -- <baseUrl> <apiKey>
 * Health, catalog CRUD, booking, board, move, version conflict, stats. Exits 1 on any failure.
 */
import { StatusBoardClient, StatusBoardError } from '../src/contracts/status-board-client.ts';

const [baseUrl, apiKey] = process.argv.slice(2);
if (!baseUrl || !apiKey) {
  console.error('usage: npm run smoke -- <baseUrl> <apiKey>');
  process.exit(2);
}
const base = baseUrl.replace(/\/+$/, '');
const client = new StatusBoardClient({ baseUrl: base, apiKey, retries: 2 });
const today = new Date().toISOString().slice(0, 10);
let failures = 0;

async function step<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
  const started = performance.now();
  try {
    const out = await fn();
    console.log(`ok   ${name} (${Math.round(performance.now() - started)} ms)`);
    return out;
  } catch (err) {
    failures++;
    const detail = err instanceof StatusBoardError ? `${err.status} ${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    console.log(`FAIL ${name}: ${detail}`);
    return undefined;
  }
}

function check(cond: boolean, message: string): void {
  if (!cond) throw new Error(message);
}

await step('health', async () => {
  const res = await fetch(`${base}/healthz`);
  check(res.ok, `healthz answered ${res.status}`);
});

const code = `SMK${Date.now().toString(36).toUpperCase()}`;
const svc = await step('catalog: create service', () => client.createService({ code, name: 'Smoke test service', priceCents: 1234, durationMinutes: 15 }));
await step('catalog: search finds it, empty search lists all', async () => {
  const found = await client.services({ q: code });
  check(
    found.items.some((s) => s.code === code),
    'created service not found by code',
  );
  const all = await client.services({ q: '' });
  check(all.total >= found.total && all.total > 0, 'empty search did not list everything');
});
if (svc) {
  await step('catalog: update service', async () => {
    const upd = await client.updateService(svc.id, { priceCents: 2345 });
    check(upd.priceCents === 2345, 'price not updated');
  });
}

const customer = await step('customer and vehicle', async () => {
  const c = await client.createCustomer({ name: 'Smoke Test Customer' });
  await client.createVehicle({ customerId: c.id, make: 'Smoke', model: 'Tester', year: 2020 });
  return c;
});
const job =
  svc && customer
    ? await step('book a job', () => client.createAppointment({ date: today, customerId: customer.id, serviceIds: [svc.id], notes: 'smoke test' }))
    : undefined;
if (svc) await step('catalog: delete service', async () => check((await client.deleteService(svc.id)).ok, 'delete failed'));

await step('board', async () => {
  const board = await client.board(today);
  check(board.columns.length === 10, 'board has not 10 columns');
  if (job)
    check(
      board.columns[0]!.cards.some((c) => c.id === job.id),
      'booked job missing from scheduled',
    );
});

if (job) {
  const moved = await step('move', async () => {
    const r = await client.move(job.id, { toStatus: 'checked_in', expectedVersion: job.version });
    check(r.card.status === 'checked_in' && r.card.version === job.version + 1, 'move not applied');
    return r;
  });
  await step('conflict on a stale version', async () => {
    try {
      await client.move(job.id, { toStatus: 'in_progress', expectedVersion: job.version });
    } catch (err) {
      check(
        err instanceof StatusBoardError && err.status === 409 && err.code === 'BOARD_VERSION_CONFLICT',
        `expected 409 BOARD_VERSION_CONFLICT, got ${String(err)}`,
      );
      return;
    }
    throw new Error('stale move was accepted');
  });
  if (moved) await step('cancel the smoke job', () => client.move(job.id, { toStatus: 'cancelled', expectedVersion: moved.card.version }));
}

await step('stats', async () => {
  const s = await client.stats(today);
  check(typeof s.jobsToday === 'number' && Number.isInteger(s.revenueBookedCents), 'stats malformed');
});

console.log(failures ? `smoke: ${failures} step(s) failed` : 'smoke: all steps passed');
process.exit(failures ? 1 : 0);
