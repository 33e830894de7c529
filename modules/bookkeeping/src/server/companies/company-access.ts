import { sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { coreErrors, type Db } from '@tessera/core';
import { rows } from '../db/sql-rows.ts';
import { bookkeepingErrors } from '../errors.ts';
import { findCompany, type CompanyRow } from './company-repository.ts';

import type { CompanyRole } from '../../contracts/index.ts';

export type { CompanyRole };
const RANK: Record<CompanyRole, number> = { viewer: 1, bookkeeper: 2, admin: 3 };

/** Who asks, as far as company roles go. */
export interface CompanyCaller {
  orgId: string;
  orgRole: 'viewer' | 'member' | 'admin' | 'owner';
  userId: string | null;
}

export function callerOf(req: FastifyRequest): CompanyCaller {
  return { orgId: req.tenant.orgId, orgRole: req.tenant.role, userId: req.principal?.userId ?? null };
}

/**
 * The caller's role in one company. Organization owners and admins are admins of every company.
 * A user acts with the role of their link to the company, and without a link the company does not
 * exist for them. An API key that belongs to no user (an organization's service key) acts with
 * its organization role: member as bookkeeper, viewer as viewer. The route's own access (org role
 * and key scope) still applies first, so a link never lifts an organization viewer to writing.
 */
export async function companyRoleOf(db: Db, caller: CompanyCaller, companyId: string): Promise<CompanyRole | null> {
  if (caller.orgRole === 'owner' || caller.orgRole === 'admin') return 'admin';
  if (!caller.userId) return caller.orgRole === 'member' ? 'bookkeeper' : 'viewer';
  const [link] = await rows<{ role: CompanyRole }>(
    db,
    sql`select role from bookkeeping.company_users where org_id = ${caller.orgId} and company_id = ${companyId} and user_id = ${caller.userId}`,
  );
  return link?.role ?? null;
}

function refuse(role: CompanyRole, need: CompanyRole): void {
  if (RANK[role] < RANK[need])
    throw bookkeepingErrors.BOOKKEEPING_COMPANY_ROLE_REQUIRED({
      message: `This needs the ${need} role in the company; you are ${role}.`,
      details: { required: need, role },
    });
}

/** The company by id or slug, when the caller holds at least `need` in it: 404 without a link, 403 with too small a role. */
export async function companyFor(db: Db, req: FastifyRequest, idOrSlug: string, need: CompanyRole): Promise<CompanyRow> {
  const caller = callerOf(req);
  const company = await findCompany(db, caller.orgId, idOrSlug);
  const role = await companyRoleOf(db, caller, company.id);
  if (!role) throw bookkeepingErrors.BOOKKEEPING_COMPANY_NOT_FOUND({ message: `No company "${idOrSlug}" in this organization.` });
  refuse(role, need);
  return company;
}

type Owned = 'bank_lines' | 'journal_entries' | 'reconciliations';
const TABLES: Record<Owned, SQL> = {
  bank_lines: sql`bookkeeping.bank_lines`,
  journal_entries: sql`bookkeeping.journal_entries`,
  reconciliations: sql`bookkeeping.reconciliations`,
};

/**
 * Checks the caller's company role for a record addressed by its own id (a line, an entry, a
 * reconciliation): a record of a company the caller is not linked to answers 404 like a missing one.
 */
export async function requireRoleFor(db: Db, req: FastifyRequest, table: Owned, id: string, need: CompanyRole): Promise<void> {
  const caller = callerOf(req);
  const [owner] = await rows<{ companyId: string }>(
    db,
    sql`select company_id as "companyId" from ${TABLES[table]} where org_id = ${caller.orgId} and id = ${id}`,
  );
  // a missing record is the service's 404 to give
  if (!owner) return;
  const role = await companyRoleOf(db, caller, owner.companyId);
  if (!role) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such record.' });
  refuse(role, need);
}

/** Limits a company listing to what the caller may see (null: everything). */
export function visibleCompanies(caller: CompanyCaller): SQL | null {
  if (caller.orgRole === 'owner' || caller.orgRole === 'admin' || !caller.userId) return null;
  return sql`exists (select 1 from bookkeeping.company_users cu where cu.company_id = c.id and cu.user_id = ${caller.userId})`;
}
