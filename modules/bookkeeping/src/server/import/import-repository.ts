import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import type { Categorized } from '../categorize/categorize-pipeline.ts';
import { rows } from '../db/sql-rows.ts';
import type { ParsedLine } from './import-types.ts';

export interface LineInsert {
  id: string;
  line: ParsedLine;
  key: string;
  occurrence: number;
  cat: Categorized;
  approve: boolean;
}

/**
 * Inserts a batch of bank lines in one statement; lines whose identity is already stored are
 * skipped by the unique key. Auto-approved lines that did land get their balanced journal entry
 * (bank account against category) in the same statement.
 */
export async function insertLineBatch(
  tx: Db,
  ctx: { orgId: string; companyId: string; bankAccountId: string; importId: string },
  batch: LineInsert[],
): Promise<{ added: number; approved: number; ids: Set<string> }> {
  const payload = JSON.stringify(
    batch.map((b) => ({
      id: b.id,
      n: b.line.line,
      d: b.line.date,
      a: b.line.amountCents.toString(),
      ds: b.line.description,
      cp: b.line.counterparty,
      r: b.line.bankRef,
      k: b.key,
      o: b.occurrence,
      raw: b.line.raw,
      st: b.approve ? 'approved' : 'review',
      p: b.cat.accountId,
      c: b.cat.accountId ? b.cat.confidence : null,
      s: b.cat.source,
      ru: b.cat.ruleId,
    })),
  );
  const res = await rows<{ id: string; status: string }>(
    tx,
    sql`with ins as (
      insert into bookkeeping.bank_lines (id, org_id, company_id, bank_account_id, import_id, line_no, txn_date, amount_cents, description, counterparty, bank_ref, dedupe_key, occurrence, raw,
        status, predicted_account_id, confidence, source, rule_id, approved_account_id, review_outcome, reviewed_at)
      select x.id, ${ctx.orgId}, ${ctx.companyId}, ${ctx.bankAccountId}, ${ctx.importId}, x.n, x.d, x.a, x.ds, x.cp, x.r, x.k, x.o, x.raw,
        x.st, x.p, x.c, x.s, x.ru, case when x.st = 'approved' then x.p end, case when x.st = 'approved' then 'auto' end, case when x.st = 'approved' then now() end
      from jsonb_to_recordset(${payload}::jsonb) as x(id uuid, n int, d date, a bigint, ds text, cp text, r text, k text, o int, raw text, st text, p uuid, c numeric, s text, ru uuid)
      on conflict do nothing
      returning id, status, txn_date, amount_cents, approved_account_id, description
    ), je as (
      -- the entry of an auto-approved line takes the line's id, so lines need no join to find it
      insert into bookkeeping.journal_entries (id, org_id, company_id, entry_date, memo, status, bank_line_id, checked_in_statement)
      select ins.id, ${ctx.orgId}, ${ctx.companyId}, ins.txn_date, left(ins.description, 200), 'posted', ins.id, true from ins where ins.status = 'approved'
      returning 1
    ), jl as (
      insert into bookkeeping.journal_lines (org_id, company_id, entry_id, account_id, entry_date, amount_cents)
      select ${ctx.orgId}, ${ctx.companyId}, ins.id, v.acc, ins.txn_date, v.amt
      from ins cross join lateral (values (${ctx.bankAccountId}::uuid, ins.amount_cents), (ins.approved_account_id, -ins.amount_cents)) as v(acc, amt)
      where ins.status = 'approved'
      returning 1
    )
    select id, status from ins`,
  );
  return { added: res.length, approved: res.filter((r) => r.status === 'approved').length, ids: new Set(res.map((r) => r.id)) };
}
