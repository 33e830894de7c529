import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '@tessera/testkit';
import { createStatusBoardModule } from '../server/index.ts';
import { newShop, type Shop } from '../server/testing/board-fixture.ts';
import { StatusBoardClient, StatusBoardError, retryAfterMs } from './status-board-client.ts';

let shop: Shop;
let appUrl: string;
let proxy: Server;
let proxyUrl: string;
/** Answers the next N requests itself (status, retry-after, or a dropped connection) before forwarding again. */
const faults: { status: number | 'drop'; retryAfter?: string }[] = [];
const seen: { method: string; url: string; key: string | undefined }[] = [];

beforeAll(async () => {
  shop = await newShop(await createTestApp({ modules: [createStatusBoardModule()] }));
  await shop.t.app.listen({ port: 0, host: '127.0.0.1' });
  const a = shop.t.app.server.address();
  appUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  // A real HTTP hop in front of the app that can fail on purpose, like a flaky proxy.
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', key: req.headers['idempotency-key'] as string | undefined });
      const fault = faults.shift();
      if (fault?.status === 'drop') return req.socket.destroy();
      if (fault) {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
        return res.end(JSON.stringify({ error: { code: 'INJECTED', message: 'injected' } }));
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && k !== 'host' && k !== 'connection' && k !== 'content-length') headers[k] = v;
      const upstream = await fetch(`${appUrl}${req.url}`, { method: req.method ?? 'GET', headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const p = proxy.address();
  proxyUrl = `http://127.0.0.1:${typeof p === 'object' && p ? p.port : 0}`;
});
afterAll(async () => {
  await new Promise<void>((r) => proxy.close(() => r()));
  await shop.t.close();
});

function client(sleeps: number[] = []): StatusBoardClient {
  return new StatusBoardClient({ baseUrl: proxyUrl, apiKey: shop.org.ownerKey, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) });
}

describe('typed client', () => {
  it('retries 5xx, 429 (honouring Retry-After) and dropped connections with growing jittered backoff', async () => {
    const sleeps: number[] = [];
    faults.push({ status: 503 }, { status: 429, retryAfter: '2' }, { status: 'drop' });
    const board = await client(sleeps).board('2025-09-20');
    expect(board.columns).toHaveLength(10);
    expect(sleeps).toEqual([100, 2000, 400]);
  });

  it('gives up after its retry budget with the last error, and never retries a 4xx', async () => {
    faults.push(...Array.from({ length: 5 }, () => ({ status: 502 })));
    await expect(client().board('2025-09-20')).rejects.toMatchObject({ status: 502 });
    const before = seen.length;
    await expect(client().board('2025-02-30')).rejects.toMatchObject({ status: 400, code: 'BOARD_INVALID_DATE' });
    expect(seen.length - before).toBe(1);
  });

  it('re-sends a create with the same Idempotency-Key so a lost answer never books twice', async () => {
    const c = client();
    const before = (await c.services()).total;
    // The first try fails at the proxy (503) and is retried with the same key; a later re-send with that key gets the same record.
    faults.push({ status: 503 });
    const svc = await c.createService({ code: 'IDEM01', name: 'Idempotent', priceCents: 100, durationMinutes: 5 }, 'fixed-key-1');
    const again = await c.createService({ code: 'IDEM01', name: 'Idempotent', priceCents: 100, durationMinutes: 5 }, 'fixed-key-1');
    expect(again.id).toBe(svc.id);
    expect((await c.services()).total).toBe(before + 1);
    const keys = seen.filter((s) => s.method === 'POST' && s.url.endsWith('/services')).map((s) => s.key);
    expect(new Set(keys)).toEqual(new Set(['fixed-key-1']));
    const auto = await c.createCustomer({ name: 'Auto key' });
    expect(auto.id).toBeTruthy();
    expect(seen.at(-1)?.key).toMatch(/[0-9a-f-]{36}/);
  });

  it('rebases a move on 409: refetches the card and re-applies the intent on the fresh version', async () => {
    const c = client();
    const customer = await c.createCustomer({ name: 'Rebase Rita' });
    const job = await c.createAppointment({ date: '2025-09-21', customerId: customer.id, serviceIds: [shop.serviceIds[0]!] });
    await c.updateAppointment(job.id, { expectedVersion: job.version, notes: 'someone else edited' });
    await expect(c.move(job.id, { toStatus: 'en_route', expectedVersion: job.version })).rejects.toBeInstanceOf(StatusBoardError);
    const moved = await c.moveWithRebase(job.id, { toStatus: 'en_route' }, job.version);
    expect(moved.card).toMatchObject({ status: 'en_route', version: job.version + 2 });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString(), Date.now())).toBeGreaterThan(3000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});
