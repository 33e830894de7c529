import type { ServerResponse } from 'node:http';
import { Type } from 'typebox';
import { coreErrors, type App, type Platform } from '@tessera/core';
import type { AgentStep } from '../../contracts/index.ts';
import { subjectOf } from '../request-context.ts';
import { sessionHead, stepsAfter, type SessionHead } from './agent-session-repository.ts';
import { AGENT_TOPIC, type AgentChangedPayload } from './agent-topic.ts';

export interface AgentStreamOptions {
  /** Comment frames that keep proxies and the browser from closing an idle stream. */
  heartbeatMs: number;
  /** A stream ends after this long; EventSource reconnects with Last-Event-ID and loses nothing. */
  maxStreamMs: number;
}

const PAGE = 200;

export const DEFAULT_STREAM: AgentStreamOptions = { heartbeatMs: 15_000, maxStreamMs: 10 * 60_000 };

const Query = Type.Object(
  {
    // EventSource cannot send the organization header; the platform reads `?org=` on a GET instead.
    org: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })),
    lastEventId: Type.Optional(Type.String({ maxLength: 12 })),
  },
  { additionalProperties: false },
);

function lastEventIdOf(header: unknown, query: string | undefined): number {
  const raw = typeof header === 'string' && header ? header : query;
  return raw !== undefined && /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
}

function frame(res: ServerResponse, event: string, data: unknown, id?: number): void {
  res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

const doneOf = (s: SessionHead) => ({ status: s.status, answer: s.answer, errorCode: s.errorCode, totalTokens: s.totalTokens, costMicros: s.costMicros });

/**
 * Server-sent events of one agent session: `step` frames (id = step number, with tokens and cost),
 * then `done`. New steps are announced on the platform's cross-instance bus, so a session run by
 * any server process reaches clients of every process; each announcement (and each heartbeat, as
 * a safety net for a lost notification) triggers one catch-up read of the steps not yet sent.
 */
export function registerAgentStreamRoutes(app: App, platform: Platform, opts: AgentStreamOptions): void {
  const db = platform.database.db;
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    open.clear();
  });

  app.get(
    '/api/trading/agents/sessions/:id/events',
    {
      config: { access: { role: 'viewer', scope: 'trading:read' } },
      schema: {
        summary: 'Server-sent events of an agent session: step frames (id = step number), then done. Resumes after Last-Event-ID.',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        querystring: Query,
        response: { 200: Type.String({ description: 'text/event-stream' }) },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const sessionId = request.params.id;
      if (!(await sessionHead(db, orgId, userId, sessionId))) throw coreErrors.RESOURCE_NOT_FOUND();
      let lastSent = lastEventIdOf(request.headers['last-event-id'], request.query.lastEventId);

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
        'x-request-id': request.id,
      });
      res.write('retry: 2000\n\n');
      open.add(res);

      let closed = false;
      let chain: Promise<void> = Promise.resolve();
      const started = Date.now();
      const cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
        res.end();
      };
      // One catch-up at a time, so a step is never sent twice or out of order.
      const catchUp = () => {
        chain = chain.then(async () => {
          if (closed) return;
          // Status first: a finished session has all its steps stored, so the read below sees them.
          const head = await sessionHead(db, orgId, userId, sessionId);
          for (;;) {
            const steps: AgentStep[] = await stepsAfter(db, orgId, sessionId, lastSent, PAGE);
            for (const step of steps) {
              if (closed) return;
              frame(res, 'step', step, step.n);
              lastSent = step.n;
            }
            if (steps.length < PAGE) break;
          }
          if (!head || head.status !== 'running') {
            if (head && !closed) frame(res, 'done', doneOf(head));
            cleanup();
          } else if (Date.now() - started > opts.maxStreamMs) cleanup();
        });
        chain = chain.catch((err: unknown) => {
          request.log.warn({ err: err instanceof Error ? err.message : 'unknown', sessionId }, 'agent stream read failed');
          cleanup();
        });
      };
      // Subscribe before the first read so a step committed in between is not missed.
      const unsubscribe = platform.events.subscribe(AGENT_TOPIC, (payload) => {
        const p = payload as AgentChangedPayload;
        if (p.sessionId === sessionId && p.orgId === orgId) catchUp();
      });
      const heartbeat = setInterval(() => {
        if (closed) return;
        res.write(': heartbeat\n\n');
        catchUp();
      }, opts.heartbeatMs);
      request.raw.on('close', cleanup);
      res.on('close', cleanup);
      frame(res, 'ready', { after: lastSent });
      catchUp();
    },
  );
}
