import { Type } from 'typebox';
import { endEventStreamsOnClose, openEventStream, type App, type Platform } from '@tessera/core';
import { DateString, type BoardChange } from '../../contracts/index.ts';
import { checkDate } from '../board/board-routes.ts';
import { boardSeqOf } from '../board/card-repository.ts';
import { boardEventsAfter } from './sse-replay-repository.ts';
import { BOARD_TOPIC, SHOP_TOPIC, type BoardChangedPayload, type ShopChangedPayload } from './board-topic.ts';

/** A client further behind than this gets `resync` (reload the board) instead of a replay. */
export const MAX_REPLAY = 500;

/**
 * Server-sent events of one day's board. Changes arrive through the platform's cross-instance
 * bus, so a move handled by any server process reaches clients of every process. Each change
 * carries `id: <seq>`; a reconnecting client sends Last-Event-ID and gets what it missed from
 * appointment_events (or `resync` when that is too much or does not fit).
 */
export function registerSseRoutes(app: App, platform: Platform, heartbeatMs: number): void {
  // Long-lived streams would hold the server open: they end when the app closes.
  const streams = endEventStreamsOnClose(app);

  const Query = Type.Object({ date: DateString, lastEventId: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false });
  app.get(
    '/events',
    {
      config: { access: { role: 'viewer', scope: 'status-board:read' } },
      schema: {
        tags: ['status-board'],
        summary: 'Server-sent events of board changes (text/event-stream)',
        querystring: Query,
        response: { 200: Type.String() },
      },
    },
    async (request, reply) => {
      const { orgId } = request.tenant;
      const date = checkDate(request.query.date);
      const stream = openEventStream(request, reply, { streams, heartbeatMs, retryMs: 3000 });
      const last = stream.lastEventId === null ? null : Number(stream.lastEventId);

      let lastSent = -1;
      let replaying = true;
      const buffered: BoardChangedPayload[] = [];
      const send = (p: BoardChangedPayload) => {
        if (stream.closed || p.seq <= lastSent) return;
        lastSent = p.seq;
        const change: BoardChange = {
          date: p.date,
          seq: p.seq,
          appointmentId: p.appointmentId,
          kind: p.kind,
          status: p.status,
          sortKey: p.sortKey,
          version: p.version,
        };
        stream.send('change', change, p.seq);
      };
      // Subscribe before reading the replay so nothing committed in between is lost.
      const unsubscribe = platform.events.subscribe(BOARD_TOPIC, (payload) => {
        const p = payload as BoardChangedPayload;
        if (p.orgId !== orgId || p.date !== date) return;
        if (replaying) buffered.push(p);
        else send(p);
      });
      const unsubscribeShop = platform.events.subscribe(SHOP_TOPIC, (payload) => {
        if ((payload as ShopChangedPayload).orgId !== orgId) return;
        stream.send('resync', { seq: lastSent, reason: 'shop-changed' });
      });
      stream.onClose(() => {
        unsubscribe();
        unsubscribeShop();
      });

      try {
        const current = await boardSeqOf(platform.database.db, orgId, date);
        if (last === null) {
          lastSent = current;
        } else if (last > current) {
          lastSent = current;
          stream.send('resync', { seq: current, reason: 'unknown-event-id' });
        } else {
          const rows = await boardEventsAfter(platform.database.db, orgId, date, last, MAX_REPLAY + 1);
          if (rows.length > MAX_REPLAY) {
            lastSent = current;
            stream.send('resync', { seq: current, reason: 'too-far-behind' });
          } else {
            lastSent = last;
            for (const r of rows)
              send({
                orgId,
                date,
                seq: Number(r.seq),
                appointmentId: r.appointment_id,
                kind: r.kind,
                status: r.to_status,
                sortKey: r.sort_key,
                version: r.version,
              });
          }
        }
        stream.send('ready', { seq: lastSent });
      } catch (err) {
        request.log.warn({ err }, 'status-board event stream failed to start');
        stream.close();
        return;
      }
      replaying = false;
      for (const p of buffered.splice(0)) send(p);
    },
  );
}
