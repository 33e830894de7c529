import { sql } from 'drizzle-orm';
import { coreErrors, recordAudit, type AuditActor, type Db } from '@tessera/core';
import { companyModel } from '../categorize/model-cache.ts';
import { requireAccount } from '../companies/company-repository.ts';
import { rows, toBigInt } from '../db/sql-rows.ts';
import { bookkeepingErrors } from '../errors.ts';
import { liveEntryOfLine, postEntry, reverseEntry } from '../ledger/ledger-repository.ts';

interface LineRow {
  id: string;
  companyId: string;
  bankAccountId: string;
  date: string;
  amountCents: string;
  description: string;
  counterparty: string;
  status: 'review' | 'approved' | 'discarded';
  duplicateOf: string | null;
  predictedAccountId: string | null;
  approvedAccountId: string | null;
  reviewOutcome: string | null;
}

export interface DecisionResult {
  lineId: string;
  accountId: string;
  outcome: 'approved' | 'corrected';
  entryId: string;
  suggestedRule: { counterparty: string; accountId: string; corrections: number } | null;
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Approves a line in review (with the predicted account, or a chosen one = a correction), or
 * corrects an already approved line: its entry is reversed and a new one posted. The model
 * learns from the decision before the call returns.
 */
export async function decideLine(
  db: Db,
  orgId: string,
  actor: AuditActor,
  userId: string | null,
  lineId: string,
  chosen: string | undefined,
  durationMs: number | undefined,
): Promise<DecisionResult> {
  const result = await db.transaction(async (tx) => {
    const [line] = await rows<LineRow>(
      tx,
      sql`select id, company_id as "companyId", bank_account_id as "bankAccountId", txn_date::text as date, amount_cents::text as "amountCents", description, counterparty, status, duplicate_of as "duplicateOf",
          predicted_account_id as "predictedAccountId", approved_account_id as "approvedAccountId", review_outcome as "reviewOutcome"
        from bookkeeping.bank_lines where org_id = ${orgId} and id = ${lineId} for update`,
    );
    if (!line) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such bank line.' });
    if (line.status === 'discarded') throw bookkeepingErrors.BOOKKEEPING_LINE_DISCARDED();
    if (line.duplicateOf) throw bookkeepingErrors.BOOKKEEPING_POSSIBLE_DUPLICATE({ details: { duplicateOf: line.duplicateOf } });
    const accountId = chosen ?? line.predictedAccountId;
    if (!accountId) throw coreErrors.VALIDATION_FAILED({ message: 'The line has no prediction; give accountId.' });
    const account = await requireAccount(tx, orgId, line.companyId, accountId);
    if (account.id === line.bankAccountId)
      throw bookkeepingErrors.BOOKKEEPING_ACCOUNT_UNKNOWN({ message: 'A bank line cannot be categorized to its own bank account.' });
    const alreadyApproved = line.status === 'approved';
    // only a correction of what the import approved by itself counts against automation; a person
    // changing their own earlier decision does not
    const wasAuto = line.reviewOutcome === 'auto';
    if (alreadyApproved && line.approvedAccountId === accountId) throw bookkeepingErrors.BOOKKEEPING_LINE_NOT_IN_REVIEW();
    const previous = alreadyApproved ? line.approvedAccountId : line.predictedAccountId;
    const outcome: 'approved' | 'corrected' = previous === accountId ? 'approved' : 'corrected';
    if (alreadyApproved) {
      const live = await liveEntryOfLine(tx, orgId, lineId);
      if (live) await reverseEntry(tx, orgId, live, today() > line.date ? today() : line.date);
    }
    const cents = toBigInt(line.amountCents);
    const entryId = await postEntry(tx, orgId, line.companyId, {
      date: line.date,
      memo: line.description,
      bankLineId: lineId,
      lines: [
        { accountId: line.bankAccountId, amountCents: cents },
        { accountId, amountCents: -cents },
      ],
    });
    await tx.execute(
      sql`update bookkeeping.bank_lines set status = 'approved', approved_account_id = ${accountId}, review_outcome = ${outcome}, reviewed_at = now() where id = ${lineId}`,
    );
    await tx.execute(sql`insert into bookkeeping.review_decisions (org_id, company_id, bank_line_id, predicted_account_id, chosen_account_id, outcome, was_auto, duration_ms, decided_by)
      values (${orgId}, ${line.companyId}, ${lineId}, ${previous}, ${accountId}, ${outcome}, ${wasAuto}, ${durationMs ?? null}, ${userId})`);
    await recordAudit(tx, orgId, actor, {
      action: `bookkeeping.line.${outcome === 'approved' ? 'approve' : 'correct'}`,
      targetType: 'bookkeeping.bank_line',
      targetId: lineId,
      data: { from: previous, to: accountId, wasAuto },
    });
    let suggestedRule: DecisionResult['suggestedRule'] = null;
    if (outcome === 'corrected' && line.counterparty) {
      // Three or more corrections of one counterparty to the same account, and no other choice: worth a rule.
      const [s] = await rows<{ n: number; distinct: number }>(
        tx,
        sql`select count(*)::int as n, count(distinct d.chosen_account_id)::int as distinct from bookkeeping.review_decisions d join bookkeeping.bank_lines b on b.id = d.bank_line_id
          where d.org_id = ${orgId} and d.company_id = ${line.companyId} and b.counterparty = ${line.counterparty} and d.outcome = 'corrected'`,
      );
      if (s && s.n >= 3 && s.distinct === 1) suggestedRule = { counterparty: line.counterparty, accountId, corrections: s.n };
    }
    return { line, result: { lineId, accountId, outcome, entryId, suggestedRule }, previousApproved: alreadyApproved ? line.approvedAccountId : null };
  });
  const model = await companyModel(db, orgId, result.line.companyId);
  const ex = { description: result.line.description, counterparty: result.line.counterparty, amountCents: toBigInt(result.line.amountCents) };
  if (result.previousApproved) model.unlearn({ ...ex, accountId: result.previousApproved });
  model.learn({ ...ex, accountId: result.result.accountId });
  return result.result;
}
