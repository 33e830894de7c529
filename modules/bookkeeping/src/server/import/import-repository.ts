import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import type { Categorized } from '../categorize/categorize-pipeline.ts';
import type { LineFeatures } from '../categorize/line-categorizer.ts';
import { rows } from '../db/sql-rows.ts';
import type { ParsedLine } from './import-types.ts';

export interface LineInsert {
  id: string;
  line: ParsedLine;
  key: string;
  occurrence: number;
  cat: Categorized;
  /** what the model learns from the line once the import committed */
  features: LineFeatures;
  approve: boolean;
  /** set when the line looks like one stored by an earlier import: it then waits in review */
  duplicateOf?: string;
}

/** A batch's columns as array literals, built while the previous batch is being stored. */
export interface PreparedBatch {
  size: number;
  columns: string[];
}

/** A PostgreSQL array literal; every element quoted (or NULL), so any text round-trips. */
function textArray(values: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    out += v === null || v === undefined ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`;
  }
  return `${out}}`;
}

/** Array literal of values that need no quoting (uuids, dates, integers) or NULL. */
function plainArray(values: readonly (string | number | bigint | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    out += v === null || v === undefined ? 'NULL' : String(v);
  }
  return `${out}}`;
}

/** Builds the column arrays of a batch (pure computation, so it overlaps the database's work). */
export function prepareLineBatch(batch: readonly LineInsert[]): PreparedBatch {
  const n = batch.length;
  const id = new Array<string>(n);
  const lineNo = new Array<number>(n);
  const date = new Array<string>(n);
  const amount = new Array<bigint>(n);
  const description = new Array<string>(n);
  const counterparty = new Array<string>(n);
  const ref = new Array<string | null>(n);
  const key = new Array<string>(n);
  const occurrence = new Array<number>(n);
  const raw = new Array<string>(n);
  const approved = new Array<string>(n);
  const predicted = new Array<string | null>(n);
  const confidence = new Array<number | null>(n);
  const source = new Array<string>(n);
  const rule = new Array<string | null>(n);
  const duplicateOf = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const b = batch[i]!;
    id[i] = b.id;
    lineNo[i] = b.line.line;
    date[i] = b.line.date;
    amount[i] = b.line.amountCents;
    description[i] = b.line.description;
    counterparty[i] = b.line.counterparty;
    ref[i] = b.line.bankRef;
    key[i] = b.key;
    occurrence[i] = b.occurrence;
    raw[i] = b.line.raw;
    approved[i] = b.approve ? 't' : 'f';
    predicted[i] = b.cat.accountId;
    confidence[i] = b.cat.accountId ? b.cat.confidence : null;
    source[i] = b.cat.source;
    rule[i] = b.cat.ruleId;
    duplicateOf[i] = b.duplicateOf ?? null;
  }
  return {
    size: n,
    columns: [
      plainArray(id),
      plainArray(lineNo),
      plainArray(date),
      plainArray(amount),
      textArray(description),
      textArray(counterparty),
      textArray(ref),
      textArray(key),
      plainArray(occurrence),
      textArray(raw),
      plainArray(approved),
      plainArray(predicted),
      plainArray(confidence),
      plainArray(source),
      plainArray(rule),
      plainArray(duplicateOf),
    ],
  };
}

/**
 * Inserts a batch of bank lines in one statement; lines whose identity is already stored are
 * skipped by the unique key. Auto-approved lines that did land get their balanced journal entry
 * (bank account against category) in the same statement. Columns travel as one array parameter
 * each and are zipped by `unnest`, which PostgreSQL reads much faster than a JSON document.
 */
export async function storeLineBatch(
  tx: Db,
  ctx: { orgId: string; companyId: string; bankAccountId: string; importId: string },
  batch: PreparedBatch,
): Promise<{ added: number; approved: number; landed: 'all' | Set<string> }> {
  const [id, lineNo, date, amount, description, counterparty, ref, key, occurrence, raw, approved, predicted, confidence, source, rule, duplicateOf] =
    batch.columns;
  const n = batch.size;
  const [res] = await rows<{ added: number; approved: number; landed: string[] | null }>(
    tx,
    sql`with ins as (
      insert into bookkeeping.bank_lines (id, org_id, company_id, bank_account_id, import_id, line_no, txn_date, amount_cents, description, counterparty, bank_ref, dedupe_key, occurrence, raw,
        status, predicted_account_id, confidence, source, rule_id, approved_account_id, review_outcome, reviewed_at, duplicate_of)
      select x.id, ${ctx.orgId}, ${ctx.companyId}, ${ctx.bankAccountId}, ${ctx.importId}, x.n, x.d, x.a, x.ds, x.cp, x.r, x.k, x.o, x.raw,
        case when x.ok then 'approved' else 'review' end, x.p, x.c, x.s, x.ru, case when x.ok then x.p end, case when x.ok then 'auto' end, case when x.ok then now() end, x.dup
      from unnest(${id}::uuid[], ${lineNo}::int[], ${date}::date[], ${amount}::bigint[], ${description}::text[],
        ${counterparty}::text[], ${ref}::text[], ${key}::text[], ${occurrence}::int[], ${raw}::text[],
        ${approved}::boolean[], ${predicted}::uuid[], ${confidence}::numeric[], ${source}::text[], ${rule}::uuid[], ${duplicateOf}::uuid[])
        as x(id, n, d, a, ds, cp, r, k, o, raw, ok, p, c, s, ru, dup)
      on conflict do nothing
      returning id, status = 'approved' as approved, txn_date, amount_cents, approved_account_id, description
    ), je as (
      -- the entry of an auto-approved line takes the line's id, so lines need no join to find it
      insert into bookkeeping.journal_entries (id, org_id, company_id, entry_date, memo, status, bank_line_id, checked_in_statement)
      select ins.id, ${ctx.orgId}, ${ctx.companyId}, ins.txn_date, left(ins.description, 200), 'posted', ins.id, true from ins where ins.approved
      returning 1
    ), jl as (
      insert into bookkeeping.journal_lines (org_id, company_id, entry_id, account_id, entry_date, amount_cents)
      select ${ctx.orgId}, ${ctx.companyId}, ins.id, v.acc, ins.txn_date, v.amt
      from ins cross join lateral (values (${ctx.bankAccountId}::uuid, ins.amount_cents), (ins.approved_account_id, -ins.amount_cents)) as v(acc, amt)
      where ins.approved
      returning 1
    )
    -- one summary row: the ids that landed only travel back when some lines were skipped
    select count(*)::int as added, (count(*) filter (where approved))::int as approved,
      case when count(*) < ${n} then array_agg(id::text) end as landed
    from ins`,
  );
  const added = res?.added ?? 0;
  return { added, approved: res?.approved ?? 0, landed: added === n ? 'all' : new Set(res?.landed ?? []) };
}
