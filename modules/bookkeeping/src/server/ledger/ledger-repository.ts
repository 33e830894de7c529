import { sql } from 'drizzle-orm';
import { coreErrors, type Db } from '@tessera/core';
import { rows } from '../db/sql-rows.ts';
import { bookkeepingErrors } from '../errors.ts';
import { timeOrderedId } from '../import/time-ordered-id.ts';

export interface PostLine {
  accountId: string;
  amountCents: bigint;
}

/** Posts a balanced entry; the deferred trigger re-checks the balance at commit. */
export async function postEntry(
  tx: Db,
  orgId: string,
  companyId: string,
  e: { date: string; memo: string; bankLineId?: string | null; reversesId?: string | null; lines: PostLine[] },
): Promise<string> {
  // zero lines add nothing, except to a bank line of $0.00 (a memo or zero interest line): its
  // entry keeps both zero lines, so it is balanced, has two lines and can be reconciled
  const nonZero = e.lines.filter((l) => l.amountCents !== 0n);
  const lines = nonZero.length >= 2 ? nonZero : e.lines;
  const [lock] = await rows<{ lockDate: string | null }>(
    tx,
    sql`select lock_date::text as "lockDate" from bookkeeping.companies where id = ${companyId} and org_id = ${orgId}`,
  );
  if (lock?.lockDate && e.date <= lock.lockDate)
    throw bookkeepingErrors.BOOKKEEPING_PERIOD_LOCKED({ message: `The books are locked through ${lock.lockDate}.` });
  const [entry] = await rows<{ id: string }>(
    tx,
    sql`insert into bookkeeping.journal_entries (org_id, company_id, entry_date, memo, status, bank_line_id, reverses_id)
      values (${orgId}, ${companyId}, ${e.date}::date, ${e.memo.slice(0, 200)}, 'posted', ${e.bankLineId ?? null}, ${e.reversesId ?? null}) returning id`,
  );
  if (!entry) throw new Error('entry insert returned nothing');
  const payload = JSON.stringify(lines.map((l) => ({ a: l.accountId, c: l.amountCents.toString() })));
  await tx.execute(sql`insert into bookkeeping.journal_lines (org_id, company_id, entry_id, account_id, entry_date, amount_cents)
    select ${orgId}, ${companyId}, ${entry.id}, x.a, ${e.date}::date, x.c from jsonb_to_recordset(${payload}::jsonb) as x(a uuid, c bigint)`);
  return entry.id;
}

export interface BankLinePosting {
  bankLineId: string;
  date: string;
  memo: string;
  bankAccountId: string;
  /** the category the line is posted to (the bank account gets the line's amount, this its opposite) */
  accountId: string;
  amountCents: bigint;
}

/**
 * Posts one balanced two-line entry per bank line, all in one statement: entries and their lines
 * travel as arrays, the entries are flagged `checked_in_statement`, so the database checks their
 * balance and lock date once for the statement (set-based triggers) instead of once per entry at
 * commit. Returns the new entry ids in the order of `postings`. The caller holds the transaction:
 * a refusal by any trigger rolls back every entry of the call.
 */
export async function postBankLineEntries(tx: Db, orgId: string, companyId: string, postings: readonly BankLinePosting[]): Promise<string[]> {
  if (postings.length === 0) return [];
  const [lock] = await rows<{ lockDate: string | null }>(
    tx,
    sql`select lock_date::text as "lockDate" from bookkeeping.companies where id = ${companyId} and org_id = ${orgId}`,
  );
  const first = postings.reduce((min, p) => (p.date < min ? p.date : min), postings[0]!.date);
  if (lock?.lockDate && first <= lock.lockDate)
    throw bookkeepingErrors.BOOKKEEPING_PERIOD_LOCKED({ message: `The books are locked through ${lock.lockDate}.` });
  const ids = postings.map(() => timeOrderedId());
  const list = (values: readonly string[]) => `{${values.join(',')}}`;
  // memos are quoted array elements, so any text round-trips
  const memos = `{${postings.map((p) => `"${p.memo.slice(0, 200).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
  await tx.execute(sql`with x as (
      select * from unnest(${list(ids)}::uuid[], ${list(postings.map((p) => p.bankLineId))}::uuid[], ${list(postings.map((p) => p.date))}::date[],
        ${memos}::text[], ${list(postings.map((p) => p.bankAccountId))}::uuid[], ${list(postings.map((p) => p.accountId))}::uuid[],
        ${list(postings.map((p) => p.amountCents.toString()))}::bigint[]) as x(id, line, d, memo, bank, acc, amt)
    ), je as (
      insert into bookkeeping.journal_entries (id, org_id, company_id, entry_date, memo, status, bank_line_id, checked_in_statement)
      select x.id, ${orgId}, ${companyId}, x.d, x.memo, 'posted', x.line, true from x
    )
    insert into bookkeeping.journal_lines (org_id, company_id, entry_id, account_id, entry_date, amount_cents)
    select ${orgId}, ${companyId}, x.id, v.acc, x.d, v.amt from x cross join lateral (values (x.bank, x.amt), (x.acc, -x.amt)) as v(acc, amt)`);
  return ids;
}

/** Posts the mirror image of an entry, dated `date` (today by default), once. */
export async function reverseEntry(tx: Db, orgId: string, entryId: string, date: string): Promise<string> {
  const [entry] = await rows<{ id: string; companyId: string; memo: string; reversed: boolean; isReversal: boolean }>(
    tx,
    sql`select id, company_id as "companyId", memo, exists (select 1 from bookkeeping.journal_entries r where r.reverses_id = e.id) as reversed, reverses_id is not null as "isReversal"
      from bookkeeping.journal_entries e where e.org_id = ${orgId} and e.id = ${entryId} for update`,
  );
  if (!entry) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such journal entry.' });
  if (entry.reversed || entry.isReversal) throw bookkeepingErrors.BOOKKEEPING_ENTRY_ALREADY_REVERSED();
  const lines = await rows<{ accountId: string; amountCents: string }>(
    tx,
    sql`select account_id as "accountId", amount_cents::text as "amountCents" from bookkeeping.journal_lines where entry_id = ${entryId}`,
  );
  return postEntry(tx, orgId, entry.companyId, {
    date,
    memo: `Reversal of: ${entry.memo}`,
    reversesId: entryId,
    lines: lines.map((l) => ({ accountId: l.accountId, amountCents: -BigInt(l.amountCents) })),
  });
}

/** The live (not reversed) entry posted for a bank line, if any. */
export async function liveEntryOfLine(tx: Db, orgId: string, lineId: string): Promise<string | null> {
  const [e] = await rows<{ id: string }>(
    tx,
    sql`select e.id from bookkeeping.journal_entries e where e.org_id = ${orgId} and e.bank_line_id = ${lineId}
      and not exists (select 1 from bookkeeping.journal_entries r where r.reverses_id = e.id) order by e.created_at desc limit 1`,
  );
  return e?.id ?? null;
}

export interface EntryView {
  id: string;
  date: string;
  memo: string;
  bankLineId: string | null;
  reversesId: string | null;
  reversedBy: string | null;
  lines: { accountId: string; code: string; name: string; amountCents: string }[];
}

export async function listEntries(
  db: Db,
  orgId: string,
  companyId: string,
  q: { from?: string; to?: string; limit: number; offset: number },
): Promise<EntryView[]> {
  return rows<EntryView>(
    db,
    sql`select e.id, e.entry_date::text as date, e.memo, e.bank_line_id as "bankLineId", e.reverses_id as "reversesId",
        (select r.id from bookkeeping.journal_entries r where r.reverses_id = e.id) as "reversedBy",
        coalesce((select jsonb_agg(jsonb_build_object('accountId', l.account_id, 'code', a.code, 'name', a.name, 'amountCents', l.amount_cents::text) order by l.amount_cents desc)
          from bookkeeping.journal_lines l join bookkeeping.accounts a on a.id = l.account_id where l.entry_id = e.id), '[]'::jsonb) as lines
      from bookkeeping.journal_entries e where e.org_id = ${orgId} and e.company_id = ${companyId}
        and (${q.from ?? null}::date is null or e.entry_date >= ${q.from ?? null}::date) and (${q.to ?? null}::date is null or e.entry_date <= ${q.to ?? null}::date)
      order by e.entry_date desc, e.created_at desc limit ${q.limit} offset ${q.offset}`,
  );
}
