import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { actorOf, coreErrors, recordAudit, type App, type Platform } from '@tessera/core';
import {
  Board,
  DateString,
  DEFAULT_LABELS,
  Id,
  LabelBody,
  CarryOverBody,
  CarryOverResult,
  MoveBody,
  MoveResult,
  STATUSES,
  StatusSchema,
  Stats,
  type AppointmentStatus,
} from '../../contracts/index.ts';
import { boardErrors } from '../errors.ts';
import { isCalendarDate } from '../db/sql-rows.ts';
import { dayStats } from '../stats/stats-repository.ts';
import { cardsOfDay, labelsOf } from './card-repository.ts';
import { bumpGeneration, DayCache, dayVersion } from './day-cache.ts';
import { moveAppointment } from './move-service.ts';
import { carryOver } from './carry-over-service.ts';
import { shopToday } from '../settings/settings-routes.ts';
import type { Clock } from '../../contracts/shop-time.ts';

const READ = { role: 'viewer', scope: 'status-board:read' } as const;
const WRITE = { role: 'member', scope: 'status-board:write' } as const;
const ADMIN = { role: 'admin', scope: 'status-board:write' } as const;
// Without a date, the shop's today in its own time zone.
const DateQuery = Type.Object({ date: Type.Optional(DateString) }, { additionalProperties: false });

export function checkDate(date: string): string {
  if (!isCalendarDate(date)) throw boardErrors.BOARD_INVALID_DATE({ details: { date } });
  return date;
}

export async function registerBoardRoutes(app: App, platform: Platform, now: Clock): Promise<void> {
  const db = platform.database.db;
  const dayOf = (orgId: string, date: string | undefined) => (date === undefined ? shopToday(db, orgId, now) : checkDate(date));

  const boards = new DayCache();
  const stats = new DayCache();

  app.get(
    '/board',
    {
      config: { access: READ },
      schema: { tags: ['status-board'], summary: "The day's board: columns of cards in order", querystring: DateQuery, response: { 200: Board } },
    },
    async (request, reply) => {
      const { orgId } = request.tenant;
      const date = await dayOf(orgId, request.query.date);
      // The version is read first: a board may be newer than its seq, never older, so a client that
      // applies events with a larger seq never misses one.
      const version = await dayVersion(db, orgId, date);
      let body = boards.get(orgId, date, version);
      if (body === null) {
        const [cards, labels] = await Promise.all([cardsOfDay(db, orgId, date), labelsOf(db, orgId)]);
        const columns = STATUSES.map((status) => ({ status, label: labels.get(status) ?? DEFAULT_LABELS[status], cards: [] as typeof cards }));
        const index = new Map(columns.map((c) => [c.status, c]));
        for (const card of cards) index.get(card.status)?.cards.push(card);
        body = JSON.stringify({ date, seq: version.seq, columns });
        boards.set(orgId, date, version, body);
      }
      // Already serialized (and cached): sent as is, not through the schema serializer.
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );

  app.post(
    '/appointments/:id/move',
    {
      config: { access: WRITE },
      schema: {
        tags: ['status-board'],
        summary: 'Move a card to a column and position, guarded by its version',
        params: Type.Object({ id: Id }),
        body: MoveBody,
        response: { 200: MoveResult },
      },
    },
    async (request) => moveAppointment(platform, request.tenant.orgId, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/carry-over',
    {
      config: { access: WRITE },
      schema: {
        tags: ['status-board'],
        summary: "Hand a day's unfinished jobs (en route or on the premises) to another day",
        body: CarryOverBody,
        response: { 200: CarryOverResult },
      },
    },
    async (request) => {
      checkDate(request.body.from);
      checkDate(request.body.to);
      return carryOver(platform, request.tenant.orgId, actorOf(request), request.body);
    },
  );

  app.get(
    '/stats',
    { config: { access: READ }, schema: { tags: ['status-board'], summary: "The day's numbers", querystring: DateQuery, response: { 200: Stats } } },
    async (request, reply) => {
      const { orgId } = request.tenant;
      const date = await dayOf(orgId, request.query.date);
      const version = await dayVersion(db, orgId, date);
      let body = stats.get(orgId, date, version);
      if (body === null) {
        body = JSON.stringify(await dayStats(db, orgId, date));
        stats.set(orgId, date, version, body);
      }
      // Already serialized (and cached): sent as is, not through the schema serializer.
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );

  const LabelList = Type.Array(Type.Object({ status: StatusSchema, label: Type.String() }));
  app.get(
    '/labels',
    { config: { access: READ }, schema: { tags: ['status-board'], summary: "The shop's column labels", response: { 200: LabelList } } },
    async (request) => {
      const labels = await labelsOf(db, request.tenant.orgId);
      return STATUSES.map((status) => ({ status, label: labels.get(status) ?? DEFAULT_LABELS[status] }));
    },
  );

  app.put(
    '/labels/:status',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['status-board'],
        summary: 'Relabel a column (its type stays fixed)',
        params: Type.Object({ status: Type.String({ maxLength: 40 }) }),
        body: LabelBody,
        response: { 200: Type.Object({ status: StatusSchema, label: Type.String() }) },
      },
    },
    async (request) => {
      const status = request.params.status as AppointmentStatus;
      if (!STATUSES.includes(status))
        throw coreErrors.VALIDATION_FAILED({ message: `Unknown status ${request.params.status}.`, details: { allowed: STATUSES } });
      const { orgId } = request.tenant;
      await db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into status_board.status_labels (org_id, status, label) values (${orgId}, ${status}, ${request.body.label})
            on conflict (org_id, status) do update set label = excluded.label`,
        );
        await bumpGeneration(platform, tx, orgId);
        await recordAudit(tx, orgId, actorOf(request), {
          action: 'status-board.label.set',
          targetType: 'status',
          targetId: status,
          data: { label: request.body.label },
        });
      });
      return { status, label: request.body.label };
    },
  );
}
