import { connect } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { SseClient } from '@tessera/testkit';
import { endEventStreamsOnClose, openEventStream, type EventStream, type EventStreamOptions } from './event-stream.ts';

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

/** A bare Fastify app with one stream route; `opened` receives each stream the route opens. */
async function serve(options: Partial<EventStreamOptions> = {}, onOpen: (s: EventStream) => void = () => {}) {
  app = Fastify();
  const streams = endEventStreamsOnClose(app);
  const opened: EventStream[] = [];
  app.get('/stream', async (request, reply) => {
    const s = openEventStream(request, reply, { streams, heartbeatMs: 60_000, ...options });
    opened.push(s);
    onOpen(s);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/stream`, port, streams, opened };
}

const until = async (check: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('openEventStream', () => {
  it('answers text/event-stream with no-cache, the security headers, the request id and the retry field', async () => {
    const { url } = await serve({ retryMs: 2500 }, (s) => s.send('ready', { ok: true }));
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: ready')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toBe('retry: 2500\n\nevent: ready\ndata: {"ok":true}\n\n');
    await reader.cancel();
  });

  it('reads Last-Event-ID from the header, else from ?lastEventId, and ignores a malformed one', async () => {
    const { url, opened } = await serve();
    const ids: (string | null)[] = [];
    for (const [path, headers] of [
      ['', { 'last-event-id': '42' }],
      ['?lastEventId=7', {}],
      ['?lastEventId=7', { 'last-event-id': '9' }],
      ['', { 'last-event-id': '4; drop' }],
      ['', {}],
    ] as const) {
      const c = await SseClient.connect(url + path, headers);
      await until(() => opened.length > ids.length);
      ids.push(opened.at(-1)!.lastEventId);
      c.close();
    }
    expect(ids).toEqual(['42', '7', '9', null, null]);
  });

  it('sends events with ids as one JSON line each and refuses names or ids that would inject fields', async () => {
    const { url, opened } = await serve();
    const c = await SseClient.connect(url, {});
    await until(() => opened.length === 1);
    const s = opened[0]!;
    expect(s.send('step', { text: 'two\nlines' }, 3)).toBe(true);
    const e = await c.waitFor((x) => x.event === 'step');
    expect(e).toMatchObject({ id: '3', data: '{"text":"two\\nlines"}' });
    expect(() => s.send('step\ndata: evil', {})).toThrow(/invalid event name/);
    expect(() => s.send('step', {}, '1\nevent: x')).toThrow(/invalid event id/);
    c.close();
  });

  it('sends a heartbeat comment and calls onHeartbeat after it', async () => {
    let beats = 0;
    const { url } = await serve({ heartbeatMs: 50, onHeartbeat: () => beats++ });
    const c = await SseClient.connect(url, {});
    await c.waitFor((x) => x.comment);
    await until(() => beats >= 2);
    c.close();
  });

  it('runs its close handlers once and forgets the stream when the client leaves', async () => {
    let closes = 0;
    const { url, streams, opened } = await serve({}, (s) => s.onClose(() => closes++));
    const c = await SseClient.connect(url, {});
    await until(() => streams.size === 1);
    c.close();
    await until(() => streams.size === 0);
    expect(closes).toBe(1);
    expect(opened[0]!.closed).toBe(true);
    expect(opened[0]!.send('late', {})).toBe(false);
  });

  it('ends open streams when the app closes, so shutdown does not hang', async () => {
    const { url, streams } = await serve();
    const c = await SseClient.connect(url, {});
    await until(() => streams.size === 1);
    const started = Date.now();
    await app!.close();
    app = null;
    await until(() => c.ended);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(streams.size).toBe(0);
  });

  it('ends a stream after maxDurationMs (the client resumes with Last-Event-ID)', async () => {
    const { url } = await serve({ maxDurationMs: 100 });
    const c = await SseClient.connect(url, {});
    await until(() => c.ended);
  });

  it('drops a client that stops reading once too much is queued for it', async () => {
    const big = 'x'.repeat(64 * 1024);
    let dropped = false;
    const { port } = await serve({ maxBufferedBytes: 256 * 1024 }, (s) => {
      s.onClose(() => (dropped = true));
      // Far more than the socket buffers hold for a client that never reads.
      for (let i = 0; i < 400 && !s.closed; i++) s.send('blob', big);
    });
    const socket = connect(port, '127.0.0.1');
    socket.pause();
    socket.write('GET /stream HTTP/1.1\r\nhost: localhost\r\n\r\n');
    await until(() => dropped);
    socket.destroy();
  });
});
