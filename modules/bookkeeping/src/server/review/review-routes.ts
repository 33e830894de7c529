import { Type } from 'typebox';
import { DuplicateDecisionSchema, LinePageSchema } from '../../contracts/index.ts';
import { actorOf, type App, type Platform } from '@tessera/core';
import { companyFor, requireRoleFor } from '../companies/company-access.ts';
import { CompanyParam, DateString, Open, Paging, READ, WRITE, tags } from '../http/route-access.ts';
import { listLines } from './line-repository.ts';
import { settlePossibleDuplicate } from './duplicate-review-service.ts';
import { decideLine } from './review-service.ts';

const LineParam = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export function registerReviewRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;

  app.get(
    '/api/bookkeeping/companies/:company/lines',
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Bank lines, one page at a time (status=review is the review queue, most confident first)',
        params: CompanyParam,
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('review'), Type.Literal('approved'), Type.Literal('discarded')])),
            possibleDuplicate: Type.Optional(Type.Boolean()),
            search: Type.Optional(Type.String({ maxLength: 100 })),
            accountId: Type.Optional(Type.String({ format: 'uuid' })),
            from: Type.Optional(DateString),
            to: Type.Optional(DateString),
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: { 200: LinePageSchema },
      },
    },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'viewer');
      const q = req.query;
      return listLines(db, req.tenant.orgId, c.id, { ...q, limit: q.limit ?? 100, offset: q.offset ?? 0 });
    },
  );

  const decide = (path: string, summary: string, correction: boolean) =>
    app.post(
      path,
      {
        config: { access: WRITE },
        schema: {
          tags,
          summary,
          params: LineParam,
          body: Type.Object(
            {
              accountId: correction ? Type.String({ format: 'uuid' }) : Type.Optional(Type.String({ format: 'uuid' })),
              durationMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400_000 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Open() },
        },
      },
      async (req) => {
        await requireRoleFor(db, req, 'bank_lines', req.params.id, 'bookkeeper');
        return decideLine(
          db,
          req.tenant.orgId,
          actorOf(req),
          req.principal?.userId ?? null,
          req.params.id,
          (req.body as { accountId?: string }).accountId,
          req.body.durationMs,
        );
      },
    );
  decide('/api/bookkeeping/lines/:id/approve', 'Approve a line in review with its predicted account (or the given one)', false);
  decide('/api/bookkeeping/lines/:id/correct', 'Set the account of a line; an auto-approved line has its entry reversed and reposted', true);

  for (const decision of ['keep', 'discard'] as const)
    app.post(
      `/api/bookkeeping/lines/:id/${decision}`,
      {
        config: { access: WRITE },
        schema: {
          tags,
          summary:
            decision === 'keep'
              ? 'Keep a line flagged as a possible duplicate: the flag is cleared and the line is reviewed like any other'
              : 'Discard a line flagged as a possible duplicate: nothing is posted and it leaves the review queue',
          params: LineParam,
          response: { 200: DuplicateDecisionSchema },
        },
      },
      async (req) => {
        await requireRoleFor(db, req, 'bank_lines', req.params.id, 'bookkeeper');
        return settlePossibleDuplicate(db, req.tenant.orgId, actorOf(req), req.params.id, decision);
      },
    );
}
