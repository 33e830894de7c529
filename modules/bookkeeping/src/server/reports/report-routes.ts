import { Type } from 'typebox';
import { coreErrors, type App, type Platform } from '@tessera/core';
import type { FastifyRequest } from 'fastify';
import { callerOf, companyFor, visibleCompanies } from '../companies/company-access.ts';
import { requireAccount } from '../companies/company-repository.ts';
import { CompanyParam, DateString, Open, OpenList, Paging, READ, tags } from '../http/route-access.ts';
import { hledgerJournal, trainingCsv } from './export-repository.ts';
import { automationMetrics, pilotTable } from './metrics-repository.ts';
import { balanceSheet, generalLedger, monthlyPnl, profitAndLoss, trialBalance, type Period } from './report-repository.ts';

const today = () => new Date().toISOString().slice(0, 10);

function shiftYear(d: string, years: number): string {
  const y = Number(d.slice(0, 4)) + years;
  const md = d.slice(5) === '02-29' ? '02-28' : d.slice(5);
  return `${y}-${md}`;
}

function previousPeriod(p: Period): Period {
  const from = Date.parse(`${p.from}T00:00:00Z`);
  const to = Date.parse(`${p.to}T00:00:00Z`);
  const days = Math.round((to - from) / 86_400_000) + 1;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(from - days * 86_400_000), to: iso(from - 86_400_000) };
}

export function registerReportRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;
  const company = (req: FastifyRequest & { params: { company: string } }) => companyFor(db, req, req.params.company, 'viewer');

  app.get(
    '/api/bookkeeping/companies/:company/reports/pnl',
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Profit and loss for a period, with comparison columns (previous period or previous year)',
        params: CompanyParam,
        querystring: Type.Object(
          {
            from: DateString,
            to: DateString,
            compare: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('previous-period'), Type.Literal('previous-year')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Open() },
      },
    },
    async (req) => {
      const c = await company(req);
      const p = { from: req.query.from, to: req.query.to };
      if (p.from > p.to) throw coreErrors.VALIDATION_FAILED({ message: 'from is after to' });
      const periods = [p];
      if (req.query.compare === 'previous-period') periods.push(previousPeriod(p));
      if (req.query.compare === 'previous-year') periods.push({ from: shiftYear(p.from, -1), to: shiftYear(p.to, -1) });
      return profitAndLoss(db, req.tenant.orgId, c.id, periods);
    },
  );

  app.get(
    '/api/bookkeeping/companies/:company/reports/pnl-monthly',
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Income, expense and net by month',
        params: CompanyParam,
        querystring: Type.Object({ from: DateString, to: DateString }, { additionalProperties: false }),
        response: { 200: OpenList },
      },
    },
    async (req) => monthlyPnl(db, req.tenant.orgId, (await company(req)).id, req.query.from, req.query.to),
  );

  app.get(
    '/api/bookkeeping/companies/:company/reports/balance-sheet',
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Balance sheet as of a date',
        params: CompanyParam,
        querystring: Type.Object({ asOf: Type.Optional(DateString) }, { additionalProperties: false }),
        response: { 200: Open() },
      },
    },
    async (req) => balanceSheet(db, req.tenant.orgId, (await company(req)).id, req.query.asOf ?? today()),
  );

  app.get(
    '/api/bookkeeping/companies/:company/reports/trial-balance',
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Trial balance as of a date (or the activity of a period)',
        params: CompanyParam,
        querystring: Type.Object({ asOf: Type.Optional(DateString), from: Type.Optional(DateString) }, { additionalProperties: false }),
        response: { 200: Open() },
      },
    },
    async (req) => trialBalance(db, req.tenant.orgId, (await company(req)).id, req.query.asOf ?? today(), req.query.from),
  );

  app.get(
    '/api/bookkeeping/companies/:company/reports/general-ledger',
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'General ledger of one account with running balance',
        params: CompanyParam,
        querystring: Type.Object({ accountId: Type.String({ format: 'uuid' }), from: DateString, to: DateString, ...Paging }, { additionalProperties: false }),
        response: { 200: Open() },
      },
    },
    async (req) => {
      const c = await company(req);
      await requireAccount(db, req.tenant.orgId, c.id, req.query.accountId);
      return generalLedger(db, req.tenant.orgId, c.id, req.query.accountId, req.query.from, req.query.to, req.query.limit ?? 100, req.query.offset ?? 0);
    },
  );

  app.get(
    '/api/bookkeeping/metrics',
    { config: { access: READ }, schema: { tags, summary: 'Automation metrics and the pilot report table for every company', response: { 200: Open() } } },
    async (req) => {
      const metrics = await automationMetrics(db, req.tenant.orgId, undefined, visibleCompanies(callerOf(req)));
      return { companies: metrics, pilot: pilotTable(metrics) };
    },
  );

  app.get(
    '/api/bookkeeping/exports/training.csv',
    {
      config: { access: READ },
      schema: {
        tags,
        summary:
          'Training dataset CSV (company_id, txn_id, date, amount, description, counterparty, predicted_account, approved_account, confidence, review_outcome)',
        querystring: Type.Object({ company: Type.Optional(CompanyParam.properties.company) }, { additionalProperties: false }),
        response: { 200: Type.String() },
      },
    },
    async (req, reply) => {
      const companyId = req.query.company ? (await companyFor(db, req, req.query.company, 'viewer')).id : undefined;
      return reply.type('text/csv; charset=utf-8').send(await trainingCsv(db, req.tenant.orgId, companyId, visibleCompanies(callerOf(req))));
    },
  );

  app.get(
    '/api/bookkeeping/companies/:company/exports/hledger.journal',
    {
      config: { access: READ },
      schema: { tags, summary: "The company's books as an hledger journal", params: CompanyParam, response: { 200: Type.String() } },
    },
    async (req, reply) => reply.type('text/plain; charset=utf-8').send(await hledgerJournal(db, req.tenant.orgId, (await company(req)).id)),
  );
}
