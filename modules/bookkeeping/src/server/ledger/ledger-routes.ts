import { Type } from 'typebox';
import { actorOf, recordAudit, type App, type Platform } from '@tessera/core';
import { companyFor, requireRoleFor } from '../companies/company-access.ts';
import { CompanyParam, DateString, OpenList, Open, Paging, READ, WRITE, tags } from '../http/route-access.ts';
import { listEntries, reverseEntry } from './ledger-repository.ts';

export function registerLedgerRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;
  app.get(
    '/api/bookkeeping/companies/:company/entries',
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Journal entries with their lines',
        params: CompanyParam,
        querystring: Type.Object({ from: Type.Optional(DateString), to: Type.Optional(DateString), ...Paging }, { additionalProperties: false }),
        response: { 200: OpenList },
      },
    },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'viewer');
      return listEntries(db, req.tenant.orgId, c.id, { ...req.query, limit: req.query.limit ?? 100, offset: req.query.offset ?? 0 });
    },
  );

  app.post(
    '/api/bookkeeping/entries/:id/reverse',
    {
      config: { access: WRITE },
      schema: {
        tags,
        summary: 'Reverse a posted entry (posted entries are never edited or deleted)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        body: Type.Optional(Type.Object({ date: Type.Optional(DateString) }, { additionalProperties: false })),
        response: { 200: Open({ reversalId: Type.String() }) },
      },
    },
    async (req) => {
      await requireRoleFor(db, req, 'journal_entries', req.params.id, 'bookkeeper');
      const date = req.body?.date ?? new Date().toISOString().slice(0, 10);
      const reversalId = await db.transaction(async (tx) => {
        const id = await reverseEntry(tx, req.tenant.orgId, req.params.id, date);
        await recordAudit(tx, req.tenant.orgId, actorOf(req), {
          action: 'bookkeeping.entry.reverse',
          targetType: 'bookkeeping.journal_entry',
          targetId: req.params.id,
          data: { reversalId: id, date },
        });
        return id;
      });
      return { reversalId };
    },
  );
}
