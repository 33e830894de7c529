import { Type } from 'typebox';
import { CompanyMemberSchema, CompanyRoleSchema, CompanyUserSchema } from '../../contracts/index.ts';
import { actorOf, coreErrors, recordAudit, type App, type Platform } from '@tessera/core';
import { CompanyParam, Open, READ, WRITE, tags } from '../http/route-access.ts';
import { companyFor } from './company-access.ts';
import { addCompanyUser, listCompanyMembers, listCompanyUsers, removeCompanyUser } from './company-repository.ts';

const UserParams = Type.Object({ company: CompanyParam.properties.company, userId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

/** Who works on a company and with which role; managed by the company's admins. */
export function registerCompanyUserRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;

  app.get(
    '/api/bookkeeping/companies/:company/users',
    {
      config: { access: READ },
      schema: { tags, summary: 'Users linked to the company and their roles', params: CompanyParam, response: { 200: Type.Array(CompanyUserSchema) } },
    },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'viewer');
      return listCompanyUsers(db, req.tenant.orgId, c.id);
    },
  );

  app.get(
    '/api/bookkeeping/companies/:company/members',
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Every member of the organization with their role in the company (null: not linked); for company admins choosing whom to link',
        params: CompanyParam,
        response: { 200: Type.Array(CompanyMemberSchema) },
      },
    },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'admin');
      return listCompanyMembers(db, req.tenant.orgId, c.id);
    },
  );

  app.put(
    '/api/bookkeeping/companies/:company/users/:userId',
    {
      config: { access: WRITE },
      schema: {
        tags,
        summary: 'Link a member of the organization to the company with a role (viewer, bookkeeper or admin)',
        params: UserParams,
        body: Type.Object({ role: CompanyRoleSchema }, { additionalProperties: false }),
        response: { 200: Open({ userId: Type.String(), role: Type.String() }) },
      },
    },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'admin');
      await db.transaction(async (tx) => {
        await addCompanyUser(tx, req.tenant.orgId, c.id, req.params.userId, req.body.role);
        await recordAudit(tx, req.tenant.orgId, actorOf(req), {
          action: 'bookkeeping.company.user.link',
          targetType: 'bookkeeping.company',
          targetId: c.id,
          data: { userId: req.params.userId, role: req.body.role },
        });
      });
      return { userId: req.params.userId, role: req.body.role };
    },
  );

  app.delete(
    '/api/bookkeeping/companies/:company/users/:userId',
    {
      config: { access: WRITE },
      schema: {
        tags,
        summary: 'Unlink a user from the company',
        params: UserParams,
        response: { 200: Open({ userId: Type.String(), removed: Type.String() }) },
      },
    },
    async (req) => {
      const c = await companyFor(db, req, req.params.company, 'admin');
      const removed = await db.transaction(async (tx) => {
        const role = await removeCompanyUser(tx, req.tenant.orgId, c.id, req.params.userId);
        if (!role) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'The user is not linked to this company.' });
        await recordAudit(tx, req.tenant.orgId, actorOf(req), {
          action: 'bookkeeping.company.user.unlink',
          targetType: 'bookkeeping.company',
          targetId: c.id,
          data: { userId: req.params.userId, role },
        });
        return role;
      });
      return { userId: req.params.userId, removed };
    },
  );
}
