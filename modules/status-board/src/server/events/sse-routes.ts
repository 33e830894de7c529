import type { ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { App, Platform } from '@tessera/core';
import { DateString, type BoardChange } from '../../contracts/index.ts';
import { checkDate } from '../board/board-routes.ts';
import { boardSeqOf } from '../board/card-repository.ts';
import { sqlRows } from '../db/sql-rows.ts';
import { BOARD_TOPIC, SHOP_TOPIC, type BoardChangedPayload, type ShopChangedPayload } from './board-topic.ts';

/** A client further behind than this gets `resync` (reload the board) instead of a replay. */
export const MAX_REPLAY = 500;

function frame(res: ServerResponse, event: string, data: unknown, id?: number): void {
  res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function parseLastEventId(header: unknown, query: string | undefined): number | null {
  const raw = typeof header === 'string' && header ? header : query;
  if (raw === undefined || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}

/**
 * Server-sent events of one day's board. Changes arrive through the platform's cross-instance
 * bus, so a move handled by any server process reaches clients of every process. Each change
 * carries `id: <seq>`; a reconnecting client sends Last-Event-ID and gets what it missed from
 * appointment_events (or `resync` when that is too much or does not fit).
 */
export function registerSseRoutes(app: App, platform: Platform, heartbeatMs: number): void {
  const open = new Set<ServerResponse>();
  // Long-lived streams would hold the server open: end them when the app closes.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    open.clear();
  });

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
      const last = parseLastEventId(request.headers['last-event-id'], request.query.lastEventId);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      res.write('retry: 3000\n\n');
      open.add(res);

      let lastSent = -1;
      let replaying = true;
      let closed = false;
      const buffered: BoardChangedPayload[] = [];
      const send = (p: BoardChangedPayload) => {
        if (closed || p.seq <= lastSent) return;
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
        frame(res, 'change', change, p.seq);
      };
      // Subscribe before reading the replay so nothing committed in between is lost.
      const unsubscribe = platform.events.subscribe(BOARD_TOPIC, (payload) => {
        const p = payload as BoardChangedPayload;
        if (p.orgId !== orgId || p.date !== date) return;
        if (replaying) buffered.push(p);
        else send(p);
      });
      const unsubscribeShop = platform.events.subscribe(SHOP_TOPIC, (payload) => {
        if ((payload as ShopChangedPayload).orgId !== orgId || closed) return;
        frame(res, 'resync', { seq: lastSent, reason: 'shop-changed' });
      });
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
      const cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        unsubscribeShop();
        open.delete(res);
      };
      request.raw.on('close', cleanup);
      res.on('close', cleanup);

      try {
        const current = await boardSeqOf(platform.database.db, orgId, date);
        if (last === null) {
          lastSent = current;
        } else if (last > current) {
          lastSent = current;
          frame(res, 'resync', { seq: current, reason: 'unknown-event-id' });
        } else {
          const rows = await sqlRows<{
            seq: string | number;
            appointment_id: string;
            kind: string;
            to_status: string | null;
            sort_key: string | null;
            version: number;
          }>(
            platform.database.db,
            sql`select seq, appointment_id, kind, to_status, sort_key, version from status_board.appointment_events
                where org_id = ${orgId} and date = ${date} and seq > ${last} order by seq limit ${MAX_REPLAY + 1}`,
          );
          if (rows.length > MAX_REPLAY) {
            lastSent = current;
            frame(res, 'resync', { seq: current, reason: 'too-far-behind' });
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
        if (!closed) frame(res, 'ready', { seq: lastSent });
      } catch (err) {
        request.log.warn({ err }, 'status-board event stream failed to start');
        res.end();
        cleanup();
        return;
      }
      replaying = false;
      for (const p of buffered.splice(0)) send(p);
    },
  );
}
