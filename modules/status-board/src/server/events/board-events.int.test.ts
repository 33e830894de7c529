import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, SseClient, type TestApp } from '@tessera/testkit';
import type { BoardChange, MoveResult } from '../../contracts/index.ts';
import { createStatusBoardModule } from '../index.ts';
import { book, call, newShop, P, type Shop } from '../testing/board-fixture.ts';

const DAY = '2025-09-22';
let first: TestApp;
let shop: Shop;
let base: string;
const readers: SseClient[] = [];

beforeAll(async () => {
  first = await createTestApp({ modules: [createStatusBoardModule({ heartbeatMs: 100 })] });
  shop = await newShop(first);
  await shop.t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = shop.t.app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(async () => {
  for (const r of readers) r.close();
  await shop.t.close();
});

async function open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const r = await SseClient.connect(url, { ...shop.auth, ...headers });
  readers.push(r);
  return r;
}

async function moveTo(id: string, toStatus: string, expectedVersion: number): Promise<MoveResult> {
  return call<MoveResult>(shop.t, shop.auth, 'POST', `${P}/appointments/${id}/move`, { toStatus, expectedVersion });
}

describe('board event stream', () => {
  it('streams changes with their seq as id, with SSE headers and heartbeats', async () => {
    const job = await book(shop, DAY);
    const r = await open(`${base}${P}/events?date=${DAY}`);
    expect(r.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(r.response.headers.get('cache-control')).toMatch(/no-cache/);
    expect(r.response.headers.get('x-accel-buffering')).toBe('no');
    const ready = await r.waitFor((f) => f.event === 'ready');
    expect(JSON.parse(ready.data)).toEqual({ seq: 1 });
    const moved = await moveTo(job.id, 'en_route', job.version);
    const change = await r.waitFor((f) => f.event === 'change');
    expect(change.id).toBe(String(moved.seq));
    const body = JSON.parse(change.data) as BoardChange;
    expect(body).toMatchObject({ appointmentId: job.id, kind: 'moved', status: 'en_route', version: moved.card.version, date: DAY });
    await r.waitFor((f) => f.comment, 2000);
  });

  it("asks every day's stream of the shop, and only that shop, to reload when a column is renamed", async () => {
    const today = await open(`${base}${P}/events?date=${DAY}`);
    const tomorrow = await open(`${base}${P}/events?date=2025-09-23`);
    // A fresh shop with no edits of its own: any resync on its stream could only be ours.
    const other = await shop.t.createOrg();
    const otherStream = await SseClient.connect(`${base}${P}/events?date=${DAY}`, { authorization: `Bearer ${other.ownerKey}` });
    readers.push(otherStream);
    for (const r of [today, tomorrow, otherStream]) await r.waitFor((f) => f.event === 'ready');
    await call(shop.t, shop.auth, 'PUT', `${P}/labels/ready`, { label: 'Ready for pickup' });
    for (const r of [today, tomorrow]) expect(JSON.parse((await r.waitFor((f) => f.event === 'resync')).data)).toMatchObject({ reason: 'shop-changed' });
    // The bus hands each message to every stream of the process at once, so by now the other
    // shop's stream has seen it too; two heartbeats later it still has had no resync.
    const first = await otherStream.waitFor((f) => f.comment, 2000, otherStream.events.length);
    await otherStream.waitFor((f) => f.comment, 2000, otherStream.events.indexOf(first) + 1);
    expect(otherStream.events.some((f) => f.event === 'resync')).toBe(false);
  });

  it('does not send changes of another day or another shop', async () => {
    const r = await open(`${base}${P}/events?date=${DAY}`);
    await r.waitFor((f) => f.event === 'ready');
    await book(shop, '2025-09-23');
    const other = await newShop(shop.t);
    await book(other, DAY);
    const job = await book(shop, DAY);
    const change = await r.waitFor((f) => f.event === 'change');
    expect((JSON.parse(change.data) as BoardChange).appointmentId).toBe(job.id);
  });

  it('replays what a reconnecting client missed after Last-Event-ID, and asks for a resync when the id does not fit', async () => {
    const job = await book(shop, DAY);
    const m1 = await moveTo(job.id, 'checked_in', job.version);
    const m2 = await moveTo(job.id, 'in_progress', m1.card.version);
    const r = await open(`${base}${P}/events?date=${DAY}`, { 'last-event-id': String(m1.seq - 1) });
    await r.waitFor((f) => f.event === 'ready');
    const replayed = r.events.filter((f) => f.event === 'change').map((f) => Number(f.id));
    expect(replayed).toEqual([m1.seq, m2.seq]);

    const ahead = await open(`${base}${P}/events?date=${DAY}`, { 'last-event-id': String(m2.seq + 1000) });
    const resync = await ahead.waitFor((f) => f.event === 'resync');
    expect(JSON.parse(resync.data)).toMatchObject({ seq: m2.seq });
  });

  it('refuses anonymous callers and bad dates before streaming', async () => {
    const anon = await fetch(`${base}${P}/events?date=${DAY}`);
    expect(anon.status).toBe(401);
    const bad = await fetch(`${base}${P}/events?date=2025-02-30`, { headers: shop.auth });
    expect(bad.status).toBe(400);
  });

  it('delivers a change made on one server instance to a subscriber of another on the same database', async () => {
    const second: TestApp = await createTestApp({ modules: [createStatusBoardModule({ heartbeatMs: 100 })], testDb: first.testDb });
    try {
      await second.app.listen({ port: 0, host: '127.0.0.1' });
      const addr = second.app.server.address();
      const base2 = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      const r = await open(`${base2}${P}/events?date=${DAY}`);
      await r.waitFor((f) => f.event === 'ready');
      const job = await book(shop, DAY);
      const moved = await moveTo(job.id, 'en_route', job.version);
      const change = await r.waitFor((f) => f.event === 'change' && f.id === String(moved.seq));
      expect((JSON.parse(change.data) as BoardChange).appointmentId).toBe(job.id);
      r.close();
    } finally {
      await second.close();
    }
  });
});
