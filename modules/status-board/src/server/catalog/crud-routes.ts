import { Type, type TSchema } from 'typebox';
import { actorOf, coreErrors, recordAudit, runIdempotent, type App, type Db, type Platform } from '@tessera/core';
import { Id, PageQuery } from '../../contracts/index.ts';
import { boardErrors } from '../errors.ts';
import { pgError } from '../db/sql-rows.ts';
import { bumpGeneration } from '../board/day-cache.ts';

export interface CrudSpec<T extends { id: string }, C, P> {
  /** URL segment and audit noun, e.g. `services` / `service`. */
  path: string;
  noun: string;
  item: TSchema;
  create: TSchema;
  patch: TSchema;
  /** Extra list filters beyond q/limit/offset. */
  listFilters?: Record<string, TSchema>;
  writeRole: 'member' | 'admin';
  list(db: Db, orgId: string, query: Record<string, unknown> & { limit: number; offset: number; q?: string }): Promise<{ items: T[]; total: number }>;
  get(db: Db, orgId: string, id: string): Promise<T | null>;
  insert(tx: Db, orgId: string, body: C): Promise<T>;
  update(tx: Db, orgId: string, id: string, body: P): Promise<T | null>;
  remove(tx: Db, orgId: string, id: string): Promise<boolean>;
}

/** Maps constraint violations of catalog writes to this module's codes. */
export function mapWriteError(err: unknown): unknown {
  const pg = pgError(err);
  if (pg?.code === '23505' && pg.constraint === 'services_org_id_code_key') return boardErrors.BOARD_SERVICE_CODE_TAKEN();
  if (pg?.code === '23503') return boardErrors.BOARD_RESOURCE_REFERENCE_INVALID();
  return err;
}

/** List (search + paging), get, create (Idempotency-Key aware), patch and delete for one record type. */
export function registerCrud<T extends { id: string }, C, P>(app: App, platform: Platform, spec: CrudSpec<T, C, P>): void {
  const db = platform.database.db;
  const read = { role: 'viewer', scope: 'status-board:read' } as const;
  const write = { role: spec.writeRole, scope: 'status-board:write' } as const;
  const tags = ['status-board'];
  const IdParams = Type.Object({ id: Id });
  const notFound = () => coreErrors.RESOURCE_NOT_FOUND({ message: `No such ${spec.noun} in this shop.` });
  const ListQuery = Type.Object({ ...PageQuery, ...(spec.listFilters ?? {}) }, { additionalProperties: false });
  const PageOfItem = Type.Object({ items: Type.Array(spec.item), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

  app.get(
    `/${spec.path}`,
    { config: { access: read }, schema: { tags, summary: `Search ${spec.path} (empty q lists all)`, querystring: ListQuery, response: { 200: PageOfItem } } },
    async (request) => {
      const query = request.query as Record<string, unknown> & { limit?: number; offset?: number; q?: string };
      const limit = query.limit ?? 50;
      const offset = query.offset ?? 0;
      const out = await spec.list(db, request.tenant.orgId, { ...query, limit, offset });
      return { ...out, limit, offset };
    },
  );

  app.get(`/${spec.path}/:id`, { config: { access: read }, schema: { tags, params: IdParams, response: { 200: spec.item } } }, async (request) => {
    const row = await spec.get(db, request.tenant.orgId, request.params.id);
    if (!row) throw notFound();
    return row;
  });

  app.post(`/${spec.path}`, { config: { access: write }, schema: { tags, body: spec.create, response: { 201: spec.item } } }, async (request, reply) => {
    const { orgId } = request.tenant;
    const key = request.headers['idempotency-key'];
    try {
      const out = await runIdempotent(db, orgId, typeof key === 'string' ? key : undefined, `status-board.${spec.path}.create`, request.body, async (tx) => {
        const row = await spec.insert(tx, orgId, request.body as C);
        await bumpGeneration(platform, tx, orgId);
        await recordAudit(tx, orgId, actorOf(request), {
          action: `status-board.${spec.noun}.create`,
          targetType: spec.noun,
          targetId: row.id,
          data: { ...row },
        });
        return { status: 201, body: row };
      });
      if (out.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(out.body);
    } catch (err) {
      throw mapWriteError(err);
    }
  });

  app.patch(
    `/${spec.path}/:id`,
    { config: { access: write }, schema: { tags, params: IdParams, body: spec.patch, response: { 200: spec.item } } },
    async (request) => {
      const { orgId } = request.tenant;
      try {
        return await db.transaction(async (tx) => {
          const row = await spec.update(tx, orgId, request.params.id, request.body as P);
          if (!row) throw notFound();
          await bumpGeneration(platform, tx, orgId);
          await recordAudit(tx, orgId, actorOf(request), {
            action: `status-board.${spec.noun}.update`,
            targetType: spec.noun,
            targetId: row.id,
            data: { ...(request.body as object) },
          });
          return row;
        });
      } catch (err) {
        throw mapWriteError(err);
      }
    },
  );

  app.delete(
    `/${spec.path}/:id`,
    { config: { access: write }, schema: { tags, params: IdParams, response: { 200: Type.Object({ ok: Type.Boolean() }) } } },
    async (request) => {
      const { orgId } = request.tenant;
      try {
        await db.transaction(async (tx) => {
          if (!(await spec.remove(tx, orgId, request.params.id))) throw notFound();
          await bumpGeneration(platform, tx, orgId);
          await recordAudit(tx, orgId, actorOf(request), { action: `status-board.${spec.noun}.delete`, targetType: spec.noun, targetId: request.params.id });
        });
      } catch (err) {
        if (pgError(err)?.code === '23503') throw boardErrors.BOARD_RECORD_IN_USE();
        throw err;
      }
      return { ok: true };
    },
  );
}
