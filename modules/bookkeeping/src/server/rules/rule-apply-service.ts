import { sql } from 'drizzle-orm';
import type { ApplyRuleResult } from '../../contracts/index.ts';
import { coreErrors, recordAudit, type AuditActor, type Db } from '@tessera/core';
import { companyModel } from '../categorize/model-cache.ts';
import { compileRule, type Rule } from '../categorize/rule-engine.ts';
import { requireAccount } from '../companies/company-repository.ts';
import { rows, toBigInt } from '../db/sql-rows.ts';
import { bookkeepingErrors } from '../errors.ts';
import { postBankLineEntries } from '../ledger/ledger-repository.ts';

/** Lines one call may post; a larger queue is applied in several calls (`remaining` says so). */
export const MAX_APPLY_LINES = 500;

export type { ApplyRuleResult as ApplyResult } from '../../contracts/index.ts';
type SkipReason = ApplyRuleResult['skipped'][number]['reason'];

interface Candidate {
  id: string;
  date: string;
  amountCents: string;
  description: string;
  counterparty: string;
  bankAccountId: string;
  status: 'review' | 'approved' | 'discarded';
  duplicateOf: string | null;
  predictedAccountId: string | null;
}

/**
 * Applies a rule to existing lines: the given ones (from its preview) or, without ids, every
 * matching line in review. Lines in review are approved to the rule's account and posted in one
 * transaction: every entry in one statement, the lines' status and review decisions in one
 * statement each, one audit entry for the whole application. Every refusal is raised before
 * or inside that transaction, so a call applies to all of its lines or to none.
 * Approved lines are never touched (their entries are posted; correct them one by one, which
 * reverses and re-posts), nor discarded lines, flagged possible duplicates or locked dates: those
 * are reported as skipped. An id that is not a line of the company answers 404 and a line the
 * rule does not match 422, with nothing changed.
 */
export async function applyRule(
  db: Db,
  orgId: string,
  companyId: string,
  ruleId: string,
  lineIds: string[] | undefined,
  actor: AuditActor,
  userId: string | null,
): Promise<ApplyRuleResult> {
  const result = await db.transaction(async (tx) => {
    const [rule] = await rows<Rule>(
      tx,
      sql`select id, name, priority, conditions, account_id as "accountId", enabled from bookkeeping.rules where id = ${ruleId} and org_id = ${orgId} and company_id = ${companyId}`,
    );
    if (!rule) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such rule.' });
    await requireAccount(tx, orgId, companyId, rule.accountId);
    const [company] = await rows<{ lockDate: string | null }>(tx, sql`select lock_date::text as "lockDate" from bookkeeping.companies where id = ${companyId}`);
    const ids = lineIds ? [...new Set(lineIds)] : null;
    const found = await rows<Candidate>(
      tx,
      sql`select id, txn_date::text as date, amount_cents::text as "amountCents", description, counterparty, bank_account_id as "bankAccountId", status,
          duplicate_of as "duplicateOf", predicted_account_id as "predictedAccountId"
        from bookkeeping.bank_lines where org_id = ${orgId} and company_id = ${companyId}
          and ${ids ? sql`id = any(${`{${ids.join(',')}}`}::uuid[])` : sql`status = 'review'`}
        order by txn_date, id for update`,
    );
    if (ids && found.length !== ids.length) {
      const known = new Set(found.map((f) => f.id));
      throw coreErrors.RESOURCE_NOT_FOUND({ message: 'Some lines are not lines of this company.', details: { lineIds: ids.filter((i) => !known.has(i)) } });
    }
    const match = compileRule(rule.conditions);
    const matches = (l: Candidate) =>
      match({ description: l.description, counterparty: l.counterparty, amountCents: toBigInt(l.amountCents), bankAccountId: l.bankAccountId });
    if (ids) {
      const notMatching = found.filter((l) => !matches(l)).map((l) => l.id);
      if (notMatching.length > 0)
        throw bookkeepingErrors.BOOKKEEPING_RULE_DOES_NOT_MATCH({ details: { lineIds: notMatching.slice(0, 100), count: notMatching.length } });
    }
    const targets = ids ? found : found.filter(matches);
    const chosen: Candidate[] = [];
    const skipped: ApplyRuleResult['skipped'] = [];
    let remaining = 0;
    for (const l of targets) {
      const reason: SkipReason | null =
        l.status === 'approved'
          ? 'approved'
          : l.status === 'discarded'
            ? 'discarded'
            : l.duplicateOf
              ? 'possible_duplicate'
              : company?.lockDate && l.date <= company.lockDate
                ? 'locked'
                : null;
      if (reason) skipped.push({ lineId: l.id, reason });
      else if (chosen.length >= MAX_APPLY_LINES) remaining++;
      else chosen.push(l);
    }
    // checked for every line before anything is written, so one bad line refuses the whole call
    if (chosen.some((l) => l.bankAccountId === rule.accountId))
      throw bookkeepingErrors.BOOKKEEPING_ACCOUNT_UNKNOWN({
        message: 'The rule posts to the bank account of a line; a line cannot be categorized to its own bank account.',
      });
    // one statement posts every entry (set-based balance and lock checks in the database)
    const entryIds = await postBankLineEntries(
      tx,
      orgId,
      companyId,
      chosen.map((l) => ({
        bankLineId: l.id,
        date: l.date,
        memo: l.description,
        bankAccountId: l.bankAccountId,
        accountId: rule.accountId,
        amountCents: toBigInt(l.amountCents),
      })),
    );
    const applied: ApplyRuleResult['applied'] = chosen.map((l, i) => ({
      lineId: l.id,
      entryId: entryIds[i]!,
      outcome: l.predictedAccountId === rule.accountId ? 'approved' : 'corrected',
    }));
    const learn = chosen;
    if (applied.length > 0) {
      const appliedIds = `{${applied.map((a) => a.lineId).join(',')}}`;
      await tx.execute(sql`update bookkeeping.bank_lines set status = 'approved', approved_account_id = ${rule.accountId}, rule_id = ${rule.id}, reviewed_at = now(),
          review_outcome = case when predicted_account_id is not distinct from ${rule.accountId}::uuid then 'approved' else 'corrected' end
        where org_id = ${orgId} and id = any(${appliedIds}::uuid[])`);
      await tx.execute(sql`insert into bookkeeping.review_decisions (org_id, company_id, bank_line_id, predicted_account_id, chosen_account_id, outcome, was_auto, decided_by)
        select ${orgId}, ${companyId}, b.id, b.predicted_account_id, ${rule.accountId}, b.review_outcome, false, ${userId}
        from bookkeeping.bank_lines b where b.org_id = ${orgId} and b.id = any(${appliedIds}::uuid[])`);
    }
    await recordAudit(tx, orgId, actor, {
      action: 'bookkeeping.rule.apply',
      targetType: 'bookkeeping.rule',
      targetId: rule.id,
      data: { companyId, accountId: rule.accountId, applied: applied.map((a) => a.lineId), skipped, remaining },
    });
    return { result: { ruleId: rule.id, accountId: rule.accountId, applied, skipped, remaining }, learn };
  });
  const model = await companyModel(db, orgId, companyId);
  for (const l of result.learn)
    model.learn({ description: l.description, counterparty: l.counterparty, amountCents: toBigInt(l.amountCents), accountId: result.result.accountId });
  return result.result;
}
