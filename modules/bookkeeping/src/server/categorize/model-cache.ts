import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { rows, toBigInt } from '../db/sql-rows.ts';
import { CompanyModel } from './company-model.ts';
import { RuleSet, type Rule } from './rule-engine.ts';

/**
 * Per-process cache of each company's learned model. It is rebuilt from the approved lines in the
 * database on first use and then updated in place by every approval and correction in this
 * process; another process rebuilds its own on first use.
 */
const models = new Map<string, CompanyModel>();

export async function companyModel(db: Db, orgId: string, companyId: string): Promise<CompanyModel> {
  const cached = models.get(companyId);
  if (cached) return cached;
  const model = new CompanyModel();
  const history = await rows<{ description: string; counterparty: string; amountCents: string; accountId: string }>(
    db,
    sql`select description, counterparty, amount_cents::text as "amountCents", approved_account_id as "accountId"
      from bookkeeping.bank_lines where org_id = ${orgId} and company_id = ${companyId} and status = 'approved' and approved_account_id is not null`,
  );
  for (const h of history)
    model.learn({ description: h.description, counterparty: h.counterparty, amountCents: toBigInt(h.amountCents), accountId: h.accountId });
  models.set(companyId, model);
  return model;
}

export function forgetCompanyModel(companyId: string): void {
  models.delete(companyId);
}

export async function companyRules(db: Db, orgId: string, companyId: string): Promise<Rule[]> {
  return rows<Rule>(
    db,
    sql`select id, name, priority, conditions, account_id as "accountId", enabled from bookkeeping.rules where org_id = ${orgId} and company_id = ${companyId} order by priority, id`,
  );
}

export async function companyRuleSet(db: Db, orgId: string, companyId: string): Promise<RuleSet> {
  return new RuleSet(await companyRules(db, orgId, companyId));
}
