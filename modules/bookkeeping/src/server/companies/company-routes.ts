import { Type } from 'typebox';
import { AccountSchema, CompanySchema } from '../../contracts/index.ts';
import { actorOf, recordAudit, type App, type Platform } from '@tessera/core';
import { ADMIN, CompanyParam, DateString, Open, OpenList, READ, WRITE, tags } from '../http/route-access.ts';
import { callerOf, companyFor, visibleCompanies } from './company-access.ts';
import { INDUSTRIES } from './chart-templates.ts';
import {
  insertAccount,
  insertCompany,
  listAccounts,
  listCompanies,
  lockHistory,
  setLockDate,
  updateAccount,
  updateCompanySettings,
} from './company-repository.ts';

const Industry = Type.Union(INDUSTRIES.map((i) => Type.Literal(i)));
const AccountType = Type.Union(['asset', 'liability', 'equity', 'income', 'expense'].map((t) => Type.Literal(t)));
const AccountKind = Type.Union(['bank', 'card', 'other'].map((t) => Type.Literal(t)));

export function registerCompanyRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;

  app.get(
    '/api/bookkeeping/companies',
    { config: { access: READ }, schema: { tags, summary: 'Companies of the practice', response: { 200: Type.Array(CompanySchema) } } },
    async (req) => listCompanies(db, req.tenant.orgId, visibleCompanies(callerOf(req))),
  );

  app.post(
    '/api/bookkeeping/companies',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Create a company with a chart of accounts from an industry template',
        body: Type.Object(
          {
            slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            industry: Industry,
            autoThreshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Open() },
      },
    },
    async (req, reply) => {
      const c = await db.transaction(async (tx) => {
        const company = await insertCompany(tx, req.tenant.orgId, req.body);
        await recordAudit(tx, req.tenant.orgId, actorOf(req), {
          action: 'bookkeeping.company.create',
          targetType: 'bookkeeping.company',
          targetId: company.id,
          data: { slug: company.slug },
        });
        return company;
      });
      return reply.code(201).send(c);
    },
  );

  app.get(
    '/api/bookkeeping/companies/:company',
    { config: { access: READ }, schema: { tags, summary: 'One company', params: CompanyParam, response: { 200: CompanySchema } } },
    async (req) => companyFor(db, req, req.params.company, 'viewer'),
  );

  app.patch(
    '/api/bookkeeping/companies/:company',
    {
      config: { access: WRITE },
      schema: {
        tags,
        summary: 'Rename a company or change its auto-approval threshold',
        params: CompanyParam,
        body: Type.Object(
          { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), autoThreshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })) },
          { additionalProperties: false },
        ),
        response: { 200: Open() },
      },
    },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'admin');
      return db.transaction(async (tx) => {
        const updated = await updateCompanySettings(tx, req.tenant.orgId, c.id, req.body);
        await recordAudit(tx, req.tenant.orgId, actorOf(req), {
          action: 'bookkeeping.company.update',
          targetType: 'bookkeeping.company',
          targetId: c.id,
          data: { ...req.body },
        });
        return updated;
      });
    },
  );

  app.put(
    '/api/bookkeeping/companies/:company/lock-date',
    {
      config: { access: WRITE },
      schema: {
        tags,
        summary: 'Set (or clear with null) the period lock date',
        params: CompanyParam,
        body: Type.Object({ lockDate: Type.Union([DateString, Type.Null()]) }, { additionalProperties: false }),
        response: { 200: Open() },
      },
    },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'admin');
      await db.transaction(async (tx) => {
        await setLockDate(tx, req.tenant.orgId, c.id, req.body.lockDate, req.principal?.userId ?? null);
        await recordAudit(tx, req.tenant.orgId, actorOf(req), {
          action: 'bookkeeping.period.lock',
          targetType: 'bookkeeping.company',
          targetId: c.id,
          data: { from: c.lockDate, to: req.body.lockDate },
        });
      });
      return { lockDate: req.body.lockDate, history: await lockHistory(db, req.tenant.orgId, c.id) };
    },
  );

  app.get(
    '/api/bookkeeping/companies/:company/lock-history',
    { config: { access: READ }, schema: { tags, summary: 'Lock date changes, newest first', params: CompanyParam, response: { 200: OpenList } } },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'viewer');
      return lockHistory(db, req.tenant.orgId, c.id);
    },
  );

  app.get(
    '/api/bookkeeping/companies/:company/accounts',
    { config: { access: READ }, schema: { tags, summary: 'Chart of accounts', params: CompanyParam, response: { 200: Type.Array(AccountSchema) } } },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'viewer');
      return listAccounts(db, req.tenant.orgId, c.id);
    },
  );

  app.post(
    '/api/bookkeeping/companies/:company/accounts',
    {
      config: { access: WRITE },
      schema: {
        tags,
        summary: 'Add an account',
        params: CompanyParam,
        body: Type.Object(
          {
            code: Type.String({ pattern: '^[0-9A-Za-z.-]{1,20}$' }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            type: AccountType,
            kind: Type.Optional(AccountKind),
          },
          { additionalProperties: false },
        ),
        response: { 201: Open() },
      },
    },
    async (req, reply) => {
      const c = await companyFor(db, req, req.params.company, 'admin');
      const kind = req.body.kind ?? 'other';
      const a = await db.transaction(async (tx) => {
        const acc = await insertAccount(tx, req.tenant.orgId, c.id, {
          code: req.body.code,
          name: req.body.name,
          type: req.body.type,
          kind: kind,
        });
        await recordAudit(tx, req.tenant.orgId, actorOf(req), {
          action: 'bookkeeping.account.create',
          targetType: 'bookkeeping.account',
          targetId: acc.id,
          data: { code: acc.code },
        });
        return acc;
      });
      return reply.code(201).send(a);
    },
  );

  app.patch(
    '/api/bookkeeping/companies/:company/accounts/:id',
    {
      config: { access: WRITE },
      schema: {
        tags,
        summary: 'Rename or archive an account',
        params: Type.Object({ company: CompanyParam.properties.company, id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        body: Type.Object(
          { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), archived: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: Open() },
      },
    },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'admin');
      return db.transaction(async (tx) => {
        const a = await updateAccount(tx, req.tenant.orgId, c.id, req.params.id, req.body);
        await recordAudit(tx, req.tenant.orgId, actorOf(req), {
          action: 'bookkeeping.account.update',
          targetType: 'bookkeeping.account',
          targetId: a.id,
          data: { ...req.body },
        });
        return a;
      });
    },
  );
}
