import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import type { CompanyMember, CompanyUser } from '../../contracts/index.ts';
import { rows } from '../db/sql-rows.ts';
import { bookkeepingErrors } from '../errors.ts';
import { chartTemplate, type Industry } from './chart-templates.ts';

export interface CompanyRow {
  id: string;
  slug: string;
  name: string;
  industry: Industry;
  autoThreshold: number;
  lockDate: string | null;
  createdAt: string;
}

export interface AccountRow {
  id: string;
  code: string;
  name: string;
  type: 'asset' | 'liability' | 'equity' | 'income' | 'expense';
  kind: 'bank' | 'card' | 'other';
  archived: boolean;
}

const COMPANY_COLS = sql`id, slug, name, industry, auto_threshold::float8 as "autoThreshold", lock_date::text as "lockDate", created_at::text as "createdAt"`;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function insertCompany(
  tx: Db,
  orgId: string,
  input: { slug: string; name: string; industry: Industry; autoThreshold?: number },
): Promise<CompanyRow> {
  const [exists] = await rows<{ id: string }>(tx, sql`select id from bookkeeping.companies where org_id = ${orgId} and slug = ${input.slug}`);
  if (exists) throw bookkeepingErrors.BOOKKEEPING_COMPANY_EXISTS();
  const [c] = await rows<CompanyRow>(
    tx,
    sql`insert into bookkeeping.companies (org_id, slug, name, industry, auto_threshold) values (${orgId}, ${input.slug}, ${input.name}, ${input.industry}, ${input.autoThreshold ?? 0.9}) returning ${COMPANY_COLS}`,
  );
  if (!c) throw new Error('company insert returned nothing');
  const chart = chartTemplate(input.industry);
  await tx.execute(sql`insert into bookkeeping.accounts (org_id, company_id, code, name, type, kind)
    select ${orgId}, ${c.id}, x.code, x.name, x.type, coalesce(x.kind, 'other') from jsonb_to_recordset(${JSON.stringify(chart)}::jsonb) as x(code text, name text, type text, kind text)`);
  return c;
}

export async function findCompany(db: Db, orgId: string, idOrSlug: string): Promise<CompanyRow> {
  const byId = UUID_RE.test(idOrSlug);
  const [c] = await rows<CompanyRow>(
    db,
    sql`select ${COMPANY_COLS} from bookkeeping.companies where org_id = ${orgId} and ${byId ? sql`id = ${idOrSlug}::uuid` : sql`slug = ${idOrSlug}`}`,
  );
  if (!c) throw bookkeepingErrors.BOOKKEEPING_COMPANY_NOT_FOUND({ message: `No company "${idOrSlug}" in this organization.` });
  return c;
}

export async function listCompanies(db: Db, orgId: string, visible: SQL | null = null): Promise<(CompanyRow & { lineCount: number; reviewCount: number })[]> {
  return rows(
    db,
    sql`select ${COMPANY_COLS},
      (select count(*)::int from bookkeeping.bank_lines b where b.company_id = c.id) as "lineCount",
      (select count(*)::int from bookkeeping.bank_lines b where b.company_id = c.id and b.status = 'review') as "reviewCount"
      from bookkeeping.companies c where org_id = ${orgId} and ${visible ?? sql`true`} order by name`,
  );
}

export async function updateCompanySettings(tx: Db, orgId: string, companyId: string, patch: { name?: string; autoThreshold?: number }): Promise<CompanyRow> {
  const [c] = await rows<CompanyRow>(
    tx,
    sql`update bookkeeping.companies set name = coalesce(${patch.name ?? null}, name), auto_threshold = coalesce(${patch.autoThreshold ?? null}::numeric, auto_threshold)
      where org_id = ${orgId} and id = ${companyId} returning ${COMPANY_COLS}`,
  );
  if (!c) throw bookkeepingErrors.BOOKKEEPING_COMPANY_NOT_FOUND();
  return c;
}

export async function setLockDate(tx: Db, orgId: string, companyId: string, lockDate: string | null, userId: string | null): Promise<void> {
  await tx.execute(sql`update bookkeeping.companies set lock_date = ${lockDate}::date where org_id = ${orgId} and id = ${companyId}`);
  await tx.execute(
    sql`insert into bookkeeping.period_locks (org_id, company_id, lock_date, set_by) values (${orgId}, ${companyId}, ${lockDate}::date, ${userId})`,
  );
}

export async function lockHistory(db: Db, orgId: string, companyId: string): Promise<{ lockDate: string | null; setBy: string | null; createdAt: string }[]> {
  return rows(
    db,
    sql`select lock_date::text as "lockDate", set_by as "setBy", created_at::text as "createdAt" from bookkeeping.period_locks where org_id = ${orgId} and company_id = ${companyId} order by created_at desc`,
  );
}

const ACCOUNT_COLS = sql`id, code, name, type, kind, archived`;

export async function listAccounts(db: Db, orgId: string, companyId: string): Promise<AccountRow[]> {
  return rows(db, sql`select ${ACCOUNT_COLS} from bookkeeping.accounts where org_id = ${orgId} and company_id = ${companyId} order by code`);
}

export async function insertAccount(
  tx: Db,
  orgId: string,
  companyId: string,
  a: { code: string; name: string; type: AccountRow['type']; kind: AccountRow['kind'] },
): Promise<AccountRow> {
  const [dup] = await rows<{ id: string }>(tx, sql`select id from bookkeeping.accounts where company_id = ${companyId} and code = ${a.code}`);
  if (dup) throw bookkeepingErrors.BOOKKEEPING_ACCOUNT_EXISTS();
  const [row] = await rows<AccountRow>(
    tx,
    sql`insert into bookkeeping.accounts (org_id, company_id, code, name, type, kind) values (${orgId}, ${companyId}, ${a.code}, ${a.name}, ${a.type}, ${a.kind}) returning ${ACCOUNT_COLS}`,
  );
  if (!row) throw new Error('account insert returned nothing');
  return row;
}

export async function updateAccount(tx: Db, orgId: string, companyId: string, id: string, patch: { name?: string; archived?: boolean }): Promise<AccountRow> {
  const [row] = await rows<AccountRow>(
    tx,
    sql`update bookkeeping.accounts set name = coalesce(${patch.name ?? null}, name), archived = coalesce(${patch.archived ?? null}::boolean, archived)
      where org_id = ${orgId} and company_id = ${companyId} and id = ${id} returning ${ACCOUNT_COLS}`,
  );
  if (!row) throw bookkeepingErrors.BOOKKEEPING_ACCOUNT_UNKNOWN();
  return row;
}

/** Checks that an account id belongs to the company (foreign ids answer 422, never another tenant's data). */
export async function requireAccount(db: Db, orgId: string, companyId: string, accountId: string): Promise<AccountRow> {
  const [row] = await rows<AccountRow>(
    db,
    sql`select ${ACCOUNT_COLS} from bookkeeping.accounts where org_id = ${orgId} and company_id = ${companyId} and id = ${accountId}`,
  );
  if (!row) throw bookkeepingErrors.BOOKKEEPING_ACCOUNT_UNKNOWN({ message: `Account ${accountId} does not belong to this company.` });
  return row;
}

export async function addCompanyUser(tx: Db, orgId: string, companyId: string, userId: string, role: 'viewer' | 'bookkeeper' | 'admin'): Promise<void> {
  const [member] = await rows<{ ok: boolean }>(tx, sql`select true as ok from core.memberships where org_id = ${orgId} and user_id = ${userId}`);
  if (!member) throw bookkeepingErrors.BOOKKEEPING_USER_NOT_MEMBER();
  await tx.execute(sql`insert into bookkeeping.company_users (org_id, company_id, user_id, role) values (${orgId}, ${companyId}, ${userId}, ${role})
    on conflict (company_id, user_id) do update set role = excluded.role`);
}

export type { CompanyUser };

export async function listCompanyUsers(db: Db, orgId: string, companyId: string): Promise<CompanyUser[]> {
  return rows<CompanyUser>(
    db,
    sql`select cu.user_id as "userId", u.email, u.name, cu.role from bookkeeping.company_users cu join core.users u on u.id = cu.user_id
      where cu.org_id = ${orgId} and cu.company_id = ${companyId} order by u.email`,
  );
}

/** Every member of the organization with their link to the company, if any (what a company admin picks from). */
export async function listCompanyMembers(db: Db, orgId: string, companyId: string): Promise<CompanyMember[]> {
  return rows<CompanyMember>(
    db,
    sql`select m.user_id as "userId", u.email, u.name, m.role as "orgRole", cu.role as "companyRole"
      from core.memberships m join core.users u on u.id = m.user_id
      left join bookkeeping.company_users cu on cu.company_id = ${companyId} and cu.user_id = m.user_id and cu.org_id = m.org_id
      where m.org_id = ${orgId} order by u.email`,
  );
}

export async function removeCompanyUser(tx: Db, orgId: string, companyId: string, userId: string): Promise<string | null> {
  const [gone] = await rows<{ role: string }>(
    tx,
    sql`delete from bookkeeping.company_users where org_id = ${orgId} and company_id = ${companyId} and user_id = ${userId} returning role`,
  );
  return gone?.role ?? null;
}
