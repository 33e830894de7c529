import { Type } from 'typebox';
import { actorOf, coreErrors, runIdempotent, type App, type Platform } from '@tessera/core';
import { AppointmentCreate, AppointmentPatch, Card, DateString, HistoryEntry, Id, StatusSchema } from '../../contracts/index.ts';
import { cardById, listCards } from '../board/card-repository.ts';
import { checkDate } from '../board/board-routes.ts';
import { pgError } from '../db/sql-rows.ts';
import { mapWriteError } from '../catalog/crud-routes.ts';
import { historyOf } from './appointment-repository.ts';
import { createAppointment, updateAppointment } from './appointment-service.ts';

const READ = { role: 'viewer', scope: 'status-board:read' } as const;
const WRITE = { role: 'member', scope: 'status-board:write' } as const;
const tags = ['status-board'];
const IdParams = Type.Object({ id: Id });

export function registerAppointmentRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;
  const ListQuery = Type.Object(
    {
      date: Type.Optional(DateString),
      status: Type.Optional(StatusSchema),
      customerId: Type.Optional(Id),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
      offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    },
    { additionalProperties: false },
  );
  const CardPage = Type.Object({ items: Type.Array(Card), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

  app.get(
    '/appointments',
    { config: { access: READ }, schema: { tags, summary: 'List jobs', querystring: ListQuery, response: { 200: CardPage } } },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const offset = q.offset ?? 0;
      const out = await listCards(db, request.tenant.orgId, {
        date: q.date === undefined ? undefined : checkDate(q.date),
        status: q.status,
        customerId: q.customerId,
        limit,
        offset,
      });
      return { ...out, limit, offset };
    },
  );

  app.get('/appointments/:id', { config: { access: READ }, schema: { tags, params: IdParams, response: { 200: Card } } }, async (request) => {
    const card = await cardById(db, request.tenant.orgId, request.params.id);
    if (!card) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such job in this shop.' });
    return card;
  });

  app.post(
    '/appointments',
    {
      config: { access: WRITE },
      schema: { tags, summary: 'Book a job (send Idempotency-Key to retry safely)', body: AppointmentCreate, response: { 201: Card } },
    },
    async (request, reply) => {
      const { orgId } = request.tenant;
      const key = request.headers['idempotency-key'];
      // Two bookings at once may pick the same end-of-column key; the loser retries with the new end.
      for (let attempt = 1; ; attempt++) {
        try {
          const out = await runIdempotent(
            db,
            orgId,
            typeof key === 'string' ? key : undefined,
            'status-board.appointments.create',
            request.body,
            async (tx) => ({
              status: 201,
              body: await createAppointment(platform, tx, orgId, actorOf(request), request.body),
            }),
          );
          if (out.replayed) reply.header('idempotent-replayed', 'true');
          return reply.status(201).send(out.body);
        } catch (err) {
          const pg = pgError(err);
          if (pg?.code === '23505' && pg.constraint === 'appointments_column_key' && attempt < 8) continue;
          throw mapWriteError(err);
        }
      }
    },
  );

  app.patch(
    '/appointments/:id',
    {
      config: { access: WRITE },
      schema: { tags, summary: 'Edit a job (guarded by expectedVersion)', params: IdParams, body: AppointmentPatch, response: { 200: Card } },
    },
    async (request) => updateAppointment(platform, request.tenant.orgId, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/appointments/:id/history',
    { config: { access: READ }, schema: { tags, summary: "A job's moves and edits", params: IdParams, response: { 200: Type.Array(HistoryEntry) } } },
    async (request) => {
      const { orgId } = request.tenant;
      if (!(await cardById(db, orgId, request.params.id))) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such job in this shop.' });
      return historyOf(db, orgId, request.params.id);
    },
  );
}
