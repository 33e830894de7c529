import { Type } from 'typebox';
import { actorOf, coreErrors, recordAudit, type App, type Platform } from '@tessera/core';
import { companyFor, requireRoleFor } from '../companies/company-access.ts';
import { requireAccount } from '../companies/company-repository.ts';
import { bookkeepingErrors } from '../errors.ts';
import { CentsString, CompanyParam, DateString, Open, OpenList, READ, WRITE, tags } from '../http/route-access.ts';
import { autoMatch, createReconciliation, listReconciliations, manualMatch, reconciliationView, statementLines, unmatch } from './reconcile-repository.ts';

const RecParam = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const MatchBody = Type.Object({ bankLineId: Type.String({ format: 'uuid' }), entryId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export function registerReconcileRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;

  app.post(
    '/api/bookkeeping/companies/:company/reconciliations',
    {
      config: { access: WRITE },
      schema: {
        tags,
        summary: 'Start reconciling a statement (period and ending balance); approved lines are matched automatically',
        params: CompanyParam,
        body: Type.Object(
          { bankAccountId: Type.String({ format: 'uuid' }), periodStart: DateString, periodEnd: DateString, endingBalanceCents: CentsString },
          { additionalProperties: false },
        ),
        response: { 201: Open() },
      },
    },
    async (req, reply) => {
      const c = await companyFor(db, req, req.params.company, 'bookkeeper');
      const acc = await requireAccount(db, req.tenant.orgId, c.id, req.body.bankAccountId);
      if (acc.kind === 'other') throw bookkeepingErrors.BOOKKEEPING_NOT_A_BANK_ACCOUNT();
      const id = await db.transaction(async (tx) => {
        const recId = await createReconciliation(tx, req.tenant.orgId, c.id, req.body);
        const matched = await autoMatch(tx, req.tenant.orgId, recId);
        await recordAudit(tx, req.tenant.orgId, actorOf(req), {
          action: 'bookkeeping.reconciliation.create',
          targetType: 'bookkeeping.reconciliation',
          targetId: recId,
          data: { ...req.body, matched },
        });
        return recId;
      });
      return reply.code(201).send(await reconciliationView(db, req.tenant.orgId, id));
    },
  );

  app.get(
    '/api/bookkeeping/companies/:company/reconciliations',
    { config: { access: READ }, schema: { tags, summary: 'Reconciliations', params: CompanyParam, response: { 200: OpenList } } },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'viewer');
      const ids = await listReconciliations(db, req.tenant.orgId, c.id);
      return Promise.all(ids.map((r) => reconciliationView(db, req.tenant.orgId, r.id)));
    },
  );

  app.get(
    '/api/bookkeeping/reconciliations/:id',
    { config: { access: READ }, schema: { tags, summary: 'Statement, rate and difference with its lines', params: RecParam, response: { 200: Open() } } },
    async (req) => ({
      ...(await requireRoleFor(db, req, 'reconciliations', req.params.id, 'viewer').then(() => reconciliationView(db, req.tenant.orgId, req.params.id))),
      lines: await statementLines(db, req.tenant.orgId, req.params.id),
    }),
  );

  app.post(
    '/api/bookkeeping/reconciliations/:id/auto-match',
    { config: { access: WRITE }, schema: { tags, summary: 'Match again automatically', params: RecParam, response: { 200: Open() } } },
    async (req) => {
      await requireRoleFor(db, req, 'reconciliations', req.params.id, 'bookkeeper');
      await reconciliationView(db, req.tenant.orgId, req.params.id);
      const matched = await db.transaction((tx) => autoMatch(tx, req.tenant.orgId, req.params.id));
      return { matched, ...(await reconciliationView(db, req.tenant.orgId, req.params.id)) };
    },
  );

  app.post(
    '/api/bookkeeping/reconciliations/:id/match',
    {
      config: { access: WRITE },
      schema: { tags, summary: 'Match a bank line with a journal entry by hand', params: RecParam, body: MatchBody, response: { 200: Open() } },
    },
    async (req) => {
      await requireRoleFor(db, req, 'reconciliations', req.params.id, 'bookkeeper');
      await reconciliationView(db, req.tenant.orgId, req.params.id);
      await db.transaction(async (tx) => {
        await manualMatch(tx, req.tenant.orgId, req.params.id, req.body.bankLineId, req.body.entryId);
        await recordAudit(tx, req.tenant.orgId, actorOf(req), {
          action: 'bookkeeping.reconciliation.match',
          targetType: 'bookkeeping.reconciliation',
          targetId: req.params.id,
          data: { ...req.body },
        });
      });
      return reconciliationView(db, req.tenant.orgId, req.params.id);
    },
  );

  app.post(
    '/api/bookkeeping/reconciliations/:id/unmatch',
    {
      config: { access: WRITE },
      schema: {
        tags,
        summary: 'Remove a match',
        params: RecParam,
        body: Type.Object({ bankLineId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: Open() },
      },
    },
    async (req) => {
      await requireRoleFor(db, req, 'reconciliations', req.params.id, 'bookkeeper');
      await reconciliationView(db, req.tenant.orgId, req.params.id);
      await db.transaction(async (tx) => {
        if (!(await unmatch(tx, req.tenant.orgId, req.params.id, req.body.bankLineId)))
          throw coreErrors.RESOURCE_NOT_FOUND({ message: 'That line is not matched in this reconciliation.' });
        await recordAudit(tx, req.tenant.orgId, actorOf(req), {
          action: 'bookkeeping.reconciliation.unmatch',
          targetType: 'bookkeeping.reconciliation',
          targetId: req.params.id,
          data: { ...req.body },
        });
      });
      return reconciliationView(db, req.tenant.orgId, req.params.id);
    },
  );
}
