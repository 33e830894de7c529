import { Type } from 'typebox';
import { coreErrors, endEventStreamsOnClose, openEventStream, type App, type Platform } from '@tessera/core';
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

const doneOf = (s: SessionHead) => ({ status: s.status, answer: s.answer, errorCode: s.errorCode, totalTokens: s.totalTokens, costMicros: s.costMicros });

/**
 * Server-sent events of one agent session: `step` frames (id = step number, with tokens and cost),
 * then `done`. New steps are announced on the platform's cross-instance bus, so a session run by
 * any server process reaches clients of every process; each announcement (and each heartbeat, as
 * a safety net for a lost notification) triggers one catch-up read of the steps not yet sent.
 */
export function registerAgentStreamRoutes(app: App, platform: Platform, opts: AgentStreamOptions): void {
  const db = platform.database.db;
  const streams = endEventStreamsOnClose(app);

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

      let chain: Promise<void> = Promise.resolve();
      // One catch-up at a time, so a step is never sent twice or out of order.
      const catchUp = () => {
        chain = chain.then(async () => {
          if (stream.closed) return;
          // Status first: a finished session has all its steps stored, so the read below sees them.
          const head = await sessionHead(db, orgId, userId, sessionId);
          for (;;) {
            const steps: AgentStep[] = await stepsAfter(db, orgId, sessionId, lastSent, PAGE);
            for (const step of steps) {
              if (!stream.send('step', step, step.n)) return;
              lastSent = step.n;
            }
            if (steps.length < PAGE) break;
          }
          if (!head || head.status !== 'running') {
            if (head) stream.send('done', doneOf(head));
            stream.close();
          }
        });
        chain = chain.catch((err: unknown) => {
          request.log.warn({ err: err instanceof Error ? err.message : 'unknown', sessionId }, 'agent stream read failed');
          stream.close();
        });
      };
      const stream = openEventStream(request, reply, {
        streams,
        heartbeatMs: opts.heartbeatMs,
        // Each heartbeat also re-reads, in case a notification was lost.
        onHeartbeat: catchUp,
        retryMs: 2000,
        maxDurationMs: opts.maxStreamMs,
        lastEventIdPattern: /^\d{1,9}$/,
      });
      let lastSent = stream.lastEventId === null ? -1 : Number(stream.lastEventId);
      // Subscribe before the first read so a step committed in between is not missed.
      const unsubscribe = platform.events.subscribe(AGENT_TOPIC, (payload) => {
        const p = payload as AgentChangedPayload;
        if (p.sessionId === sessionId && p.orgId === orgId) catchUp();
      });
      stream.onClose(unsubscribe);
      stream.send('ready', { after: lastSent });
      catchUp();
    },
  );
}
