import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { coreErrors } from '@tessera/core';
import { rows } from '../db/sql-rows.ts';
import { bookkeepingErrors } from '../errors.ts';

export interface ReconciliationView {
  id: string;
  bankAccountId: string;
  periodStart: string;
  periodEnd: string;
  endingBalanceCents: string;
  status: string;
  totalLines: number;
  matchedLines: number;
  rate: number;
  openingCents: string;
  clearedBalanceCents: string;
  differenceCents: string;
}

export async function createReconciliation(
  tx: Db,
  orgId: string,
  companyId: string,
  r: { bankAccountId: string; periodStart: string; periodEnd: string; endingBalanceCents: string },
): Promise<string> {
  if (r.periodEnd < r.periodStart) throw bookkeepingErrors.BOOKKEEPING_BAD_PERIOD();
  const [row] = await rows<{ id: string }>(
    tx,
    sql`insert into bookkeeping.reconciliations (org_id, company_id, bank_account_id, period_start, period_end, ending_balance_cents)
      values (${orgId}, ${companyId}, ${r.bankAccountId}, ${r.periodStart}::date, ${r.periodEnd}::date, ${r.endingBalanceCents}::bigint) returning id`,
  );
  if (!row) throw new Error('reconciliation insert returned nothing');
  return row.id;
}

/** Matches every approved bank line of the period with the live entry posted for it. */
export async function autoMatch(tx: Db, orgId: string, recId: string): Promise<number> {
  const res = await rows<{ n: number }>(
    tx,
    sql`with ins as (insert into bookkeeping.reconciliation_matches (reconciliation_id, org_id, bank_line_id, journal_entry_id, method)
      select r.id, r.org_id, b.id, e.id, 'auto'
      from bookkeeping.reconciliations r
      join bookkeeping.bank_lines b on b.company_id = r.company_id and b.bank_account_id = r.bank_account_id and b.txn_date between r.period_start and r.period_end and b.status = 'approved'
      join bookkeeping.journal_entries e on e.bank_line_id = b.id and not exists (select 1 from bookkeeping.journal_entries x where x.reverses_id = e.id)
      where r.id = ${recId} and r.org_id = ${orgId}
      on conflict do nothing returning 1) select count(*)::int as n from ins`,
  );
  return res[0]?.n ?? 0;
}

export async function manualMatch(tx: Db, orgId: string, recId: string, bankLineId: string, entryId: string): Promise<void> {
  const [ok] = await rows<{ ok: boolean }>(
    tx,
    sql`select true as ok from bookkeeping.reconciliations r
      join bookkeeping.bank_lines b on b.id = ${bankLineId} and b.org_id = r.org_id and b.bank_account_id = r.bank_account_id and b.txn_date between r.period_start and r.period_end and b.status <> 'discarded'
      join bookkeeping.journal_entries e on e.id = ${entryId} and e.org_id = r.org_id and e.company_id = r.company_id
      join bookkeeping.journal_lines l on l.entry_id = e.id and l.account_id = r.bank_account_id
      where r.id = ${recId} and r.org_id = ${orgId} limit 1`,
  );
  if (!ok) throw bookkeepingErrors.BOOKKEEPING_RECONCILIATION_MISMATCH();
  await tx.execute(sql`insert into bookkeeping.reconciliation_matches (reconciliation_id, org_id, bank_line_id, journal_entry_id, method) values (${recId}, ${orgId}, ${bankLineId}, ${entryId}, 'manual')
    on conflict (reconciliation_id, bank_line_id) do update set journal_entry_id = excluded.journal_entry_id, method = 'manual'`);
}

export async function unmatch(tx: Db, orgId: string, recId: string, bankLineId: string): Promise<boolean> {
  const res = await rows<{ x: number }>(
    tx,
    sql`delete from bookkeeping.reconciliation_matches where reconciliation_id = ${recId} and org_id = ${orgId} and bank_line_id = ${bankLineId} returning 1 as x`,
  );
  return res.length > 0;
}

export async function reconciliationView(db: Db, orgId: string, recId: string): Promise<ReconciliationView> {
  const [v] = await rows<ReconciliationView>(
    db,
    sql`with r as (select * from bookkeeping.reconciliations where id = ${recId} and org_id = ${orgId}),
      t as (select count(*)::int as n from bookkeeping.bank_lines b, r where b.bank_account_id = r.bank_account_id and b.txn_date between r.period_start and r.period_end and b.status <> 'discarded'),
      m as (select count(*)::int as n, coalesce(sum(b.amount_cents), 0) as cents from bookkeeping.reconciliation_matches x join bookkeeping.bank_lines b on b.id = x.bank_line_id, r where x.reconciliation_id = r.id),
      o as (select coalesce(sum(l.amount_cents), 0) as cents from bookkeeping.journal_lines l, r where l.account_id = r.bank_account_id and l.entry_date < r.period_start)
      select r.id, r.bank_account_id as "bankAccountId", r.period_start::text as "periodStart", r.period_end::text as "periodEnd", r.ending_balance_cents::text as "endingBalanceCents", r.status,
        t.n as "totalLines", m.n as "matchedLines", case when t.n = 0 then 0 else least(1.0, m.n::float8 / t.n) end as rate,
        o.cents::text as "openingCents", (o.cents + m.cents)::text as "clearedBalanceCents", (r.ending_balance_cents - (o.cents + m.cents))::text as "differenceCents"
      from r, t, m, o`,
  );
  if (!v) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such reconciliation.' });
  return v;
}

export async function listReconciliations(db: Db, orgId: string, companyId: string): Promise<{ id: string }[]> {
  return rows(db, sql`select id from bookkeeping.reconciliations where org_id = ${orgId} and company_id = ${companyId} order by period_end desc`);
}

export async function statementLines(db: Db, orgId: string, recId: string) {
  return rows<{
    id: string;
    date: string;
    description: string;
    amountCents: string;
    status: string;
    matchedEntryId: string | null;
    liveEntryId: string | null;
  }>(
    db,
    sql`select b.id, b.txn_date::text as date, b.description, b.amount_cents::text as "amountCents", b.status, x.journal_entry_id as "matchedEntryId",
        (select e.id from bookkeeping.journal_entries e where e.bank_line_id = b.id and not exists (select 1 from bookkeeping.journal_entries z where z.reverses_id = e.id) limit 1) as "liveEntryId"
      from bookkeeping.reconciliations r join bookkeeping.bank_lines b on b.bank_account_id = r.bank_account_id and b.txn_date between r.period_start and r.period_end and b.status <> 'discarded'
      left join bookkeeping.reconciliation_matches x on x.reconciliation_id = r.id and x.bank_line_id = b.id
      where r.id = ${recId} and r.org_id = ${orgId} order by b.txn_date, b.line_no limit 2000`,
  );
}
