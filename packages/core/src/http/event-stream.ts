import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applySecurityHeaders } from './security-headers.ts';

/** The open streams of one app, ended when the app closes (an open stream would hold it open). */
export interface EventStreamSet {
  readonly size: number;
}

interface StreamRegistry extends EventStreamSet {
  add(stream: EventStream): void;
  delete(stream: EventStream): void;
}

/**
 * Call once per route module while registering routes (hooks cannot be added later): the returned
 * set tracks the streams `openEventStream` opens and ends them all in the app's `preClose`.
 */
export function endEventStreamsOnClose(app: FastifyInstance): EventStreamSet {
  const open = new Set<EventStream>();
  app.addHook('preClose', async () => {
    for (const s of [...open]) s.close();
    open.clear();
  });
  const registry: StreamRegistry = {
    get size() {
      return open.size;
    },
    add: (s) => open.add(s),
    delete: (s) => open.delete(s),
  };
  return registry;
}

export interface EventStreamOptions {
  /** From `endEventStreamsOnClose(app)`. */
  streams: EventStreamSet;
  /** A `: heartbeat` comment this often keeps proxies and browsers from closing an idle stream. */
  heartbeatMs: number;
  /** Called after each heartbeat, e.g. to re-read in case a notification was lost. */
  onHeartbeat?: () => void;
  /** The browser's reconnect delay (the `retry:` field). */
  retryMs?: number;
  /** End the stream after this long; the client reconnects with Last-Event-ID and loses nothing. */
  maxDurationMs?: number;
  /** Which Last-Event-ID values are accepted (anything else reads as none). Default: 1-15 digits. */
  lastEventIdPattern?: RegExp;
  /** A client that stops reading is dropped once this much is queued for it (it resumes on reconnect). */
  maxBufferedBytes?: number;
}

export interface EventStream {
  /** The Last-Event-ID header, or `?lastEventId=` (EventSource cannot set headers on a first connect); null when absent or malformed. */
  readonly lastEventId: string | null;
  readonly closed: boolean;
  /** Writes one event; `data` is sent as one line of JSON. Returns false once the stream is closed. */
  send(event: string, data: unknown, id?: number | string): boolean;
  comment(text: string): void;
  /** Runs once when the stream ends, whoever ends it (client, server, shutdown, time limit). */
  onClose(fn: () => void): void;
  close(): void;
}

const EVENT_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const EVENT_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

function lastEventIdOf(request: FastifyRequest, pattern: RegExp): string | null {
  const header = request.headers['last-event-id'];
  const query = (request.query as Record<string, unknown> | undefined)?.lastEventId;
  const raw = typeof header === 'string' && header ? header : typeof query === 'string' ? query : undefined;
  return raw !== undefined && pattern.test(raw) ? raw : null;
}

/**
 * Takes over the reply and opens a text/event-stream on the raw Node response: the platform's
 * security and correlation headers (onSend hooks do not run for a hijacked reply) plus those the
 * earlier hooks set, `retry:`, a heartbeat, the client's Last-Event-ID, and one close path for a
 * client that leaves, a server that shuts down, a time limit, or a client too slow to keep up.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, options: EventStreamOptions): EventStream {
  const registry = options.streams as StreamRegistry;
  const lastEventId = lastEventIdOf(request, options.lastEventIdPattern ?? /^\d{1,15}$/);
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  applySecurityHeaders(reply, request.id);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = String(value);
  reply.hijack();
  const res: ServerResponse = reply.raw;
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
    'x-request-id': request.id,
  });
  res.write(`retry: ${options.retryMs ?? 3000}\n\n`);

  let closed = false;
  const closers: (() => void)[] = [];
  const write = (text: string): boolean => {
    if (closed) return false;
    res.write(text);
    if (res.writableLength > maxBuffered) {
      request.log.warn({ buffered: res.writableLength }, 'event stream client is not reading; closing it');
      stream.close();
      return false;
    }
    return true;
  };
  const stream: EventStream = {
    lastEventId,
    get closed() {
      return closed;
    },
    send(event, data, id) {
      // A newline in a name or id would start a new field: refuse it rather than corrupt the stream.
      if (!EVENT_NAME.test(event)) throw new Error(`invalid event name ${JSON.stringify(event)}`);
      if (id !== undefined && !EVENT_ID.test(String(id))) throw new Error(`invalid event id ${JSON.stringify(id)}`);
      return write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    comment(text) {
      write(`: ${text.replace(/[\r\n]+/g, ' ')}\n\n`);
    },
    onClose(fn) {
      if (closed) fn();
      else closers.push(fn);
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      if (limit) clearTimeout(limit);
      registry.delete(stream);
      res.end();
      for (const fn of closers.splice(0)) {
        try {
          fn();
        } catch (err) {
          request.log.warn({ err }, 'event stream close handler failed');
        }
      }
    },
  };
  const heartbeat = setInterval(() => {
    if (write(': heartbeat\n\n')) options.onHeartbeat?.();
  }, options.heartbeatMs);
  const limit = options.maxDurationMs ? setTimeout(() => stream.close(), options.maxDurationMs) : null;
  registry.add(stream);
  request.raw.on('close', () => stream.close());
  res.on('close', () => stream.close());
  return stream;
}
