import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import type { Line } from '../../contracts/index.ts';
import { rows } from '../db/sql-rows.ts';

export type LineView = Line;

export interface LineQuery {
  status?: 'review' | 'approved' | 'discarded';
  possibleDuplicate?: boolean;
  search?: string;
  accountId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** One page of a company's bank lines; paging and filtering run in the database. */
export async function listLines(db: Db, orgId: string, companyId: string, q: LineQuery): Promise<{ total: number; lines: LineView[] }> {
  const where = sql`b.org_id = ${orgId} and b.company_id = ${companyId}
    and (${q.status ?? null}::text is null or b.status = ${q.status ?? null})
    and (${q.possibleDuplicate ?? null}::boolean is null or (b.duplicate_of is not null) = ${q.possibleDuplicate ?? null}::boolean)
    and (${q.accountId ?? null}::uuid is null or coalesce(b.approved_account_id, b.predicted_account_id) = ${q.accountId ?? null}::uuid)
    and (${q.from ?? null}::date is null or b.txn_date >= ${q.from ?? null}::date) and (${q.to ?? null}::date is null or b.txn_date <= ${q.to ?? null}::date)
    and (${q.search ?? null}::text is null or b.description ilike '%' || ${q.search ?? null} || '%' or b.counterparty ilike '%' || ${q.search ?? null} || '%')`;
  const [count] = await rows<{ n: number }>(db, sql`select count(*)::int as n from bookkeeping.bank_lines b where ${where}`);
  const total = count?.n ?? 0;
  // A page in the older half of the default (newest first) order is read from the other end of
  // the date index and turned around, so the last page of 100,000 lines skips a few hundred rows,
  // not 99,800.
  const fromEnd = q.status !== 'review' && q.offset > total / 2;
  const limit = fromEnd ? Math.max(0, Math.min(q.limit, total - q.offset)) : q.limit;
  const offset = fromEnd ? Math.max(0, total - q.offset - limit) : q.offset;
  const order = q.status === 'review' ? sql`b.confidence desc nulls last, b.txn_date, b.id` : fromEnd ? sql`b.txn_date, b.id desc` : sql`b.txn_date desc, b.id`;
  const lines = await rows<LineView>(
    db,
    sql`select b.id, b.txn_date::text as date, b.amount_cents::text as "amountCents", b.description, b.counterparty, b.bank_account_id as "bankAccountId", b.status,
        b.predicted_account_id as "predictedAccountId", b.approved_account_id as "approvedAccountId", b.confidence::float8 as confidence, b.source, b.rule_id as "ruleId",
        b.review_outcome as "reviewOutcome", b.import_id as "importId", b.line_no as "lineNo",
        b.duplicate_of as "duplicateOf"
      from bookkeeping.bank_lines b where ${where}
      order by ${order} limit ${limit} offset ${offset}`,
  );
  return { total, lines: fromEnd ? lines.reverse() : lines };
}
