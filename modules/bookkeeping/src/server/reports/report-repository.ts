import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { rows } from '../db/sql-rows.ts';

export interface Period {
  from: string;
  to: string;
}

export interface AccountAmount {
  accountId: string;
  code: string;
  name: string;
  type: string;
  /** One amount per requested period, in cents as decimal strings (income positive, expense positive). */
  amounts: string[];
}

/** P&L with one column per period; all summing happens in SQL over integer cents. */
export async function profitAndLoss(
  db: Db,
  orgId: string,
  companyId: string,
  periods: Period[],
): Promise<{ periods: Period[]; income: AccountAmount[]; expense: AccountAmount[]; totals: { income: string; expense: string; net: string }[] }> {
  const p = JSON.stringify(periods.map((x, i) => ({ i, f: x.from, t: x.to })));
  const list = await rows<{ accountId: string; code: string; name: string; type: string; amounts: string[] }>(
    db,
    sql`with p as (select * from jsonb_to_recordset(${p}::jsonb) as x(i int, f date, t date)),
      s as (
        select l.account_id, p.i, sum(l.amount_cents) as cents
        from bookkeeping.journal_lines l join p on l.entry_date between p.f and p.t
        where l.org_id = ${orgId} and l.company_id = ${companyId}
        group by l.account_id, p.i
      )
      select a.id as "accountId", a.code, a.name, a.type,
        array(select (case when a.type = 'income' then -coalesce(s.cents, 0) else coalesce(s.cents, 0) end)::text from p left join s on s.account_id = a.id and s.i = p.i order by p.i) as amounts
      from bookkeeping.accounts a
      where a.org_id = ${orgId} and a.company_id = ${companyId} and a.type in ('income','expense') and exists (select 1 from s where s.account_id = a.id)
      order by a.code`,
  );
  const income = list.filter((a) => a.type === 'income');
  const expense = list.filter((a) => a.type === 'expense');
  const totals = periods.map((_, i) => {
    const inc = income.reduce((s, a) => s + BigInt(a.amounts[i] ?? '0'), 0n);
    const exp = expense.reduce((s, a) => s + BigInt(a.amounts[i] ?? '0'), 0n);
    return { income: inc.toString(), expense: exp.toString(), net: (inc - exp).toString() };
  });
  return { periods, income, expense, totals };
}

/** Monthly income, expense and net for charts. */
export async function monthlyPnl(
  db: Db,
  orgId: string,
  companyId: string,
  from: string,
  to: string,
): Promise<{ month: string; income: string; expense: string; net: string }[]> {
  return rows(
    db,
    sql`select to_char(date_trunc('month', l.entry_date), 'YYYY-MM') as month,
        (-sum(l.amount_cents) filter (where a.type = 'income'))::text as income,
        (sum(l.amount_cents) filter (where a.type = 'expense'))::text as expense,
        (-sum(l.amount_cents))::text as net
      from bookkeeping.journal_lines l join bookkeeping.accounts a on a.id = l.account_id
      where l.org_id = ${orgId} and l.company_id = ${companyId} and l.entry_date between ${from}::date and ${to}::date and a.type in ('income','expense')
      group by 1 order by 1`,
  );
}

export interface BalanceRow {
  accountId: string;
  code: string;
  name: string;
  type: string;
  debitCents: string;
  creditCents: string;
  balanceCents: string;
}

/** Per-account debit and credit totals up to a date (and from a date, for a period's activity). */
export async function trialBalance(
  db: Db,
  orgId: string,
  companyId: string,
  asOf: string,
  from?: string,
): Promise<{ rows: BalanceRow[]; totalDebit: string; totalCredit: string }> {
  const list = await rows<BalanceRow>(
    db,
    sql`select a.id as "accountId", a.code, a.name, a.type,
        coalesce(sum(l.amount_cents) filter (where l.amount_cents > 0), 0)::text as "debitCents",
        coalesce(-sum(l.amount_cents) filter (where l.amount_cents < 0), 0)::text as "creditCents",
        coalesce(sum(l.amount_cents), 0)::text as "balanceCents"
      from bookkeeping.journal_lines l join bookkeeping.accounts a on a.id = l.account_id
      where l.org_id = ${orgId} and l.company_id = ${companyId} and l.entry_date <= ${asOf}::date and (${from ?? null}::date is null or l.entry_date >= ${from ?? null}::date)
      group by a.id order by a.code`,
  );
  const totalDebit = list.reduce((s, r) => s + BigInt(r.debitCents), 0n);
  const totalCredit = list.reduce((s, r) => s + BigInt(r.creditCents), 0n);
  return { rows: list, totalDebit: totalDebit.toString(), totalCredit: totalCredit.toString() };
}

/** Assets = liabilities + equity + earnings to date; amounts shown with their natural sign. */
export async function balanceSheet(db: Db, orgId: string, companyId: string, asOf: string) {
  const tb = await trialBalance(db, orgId, companyId, asOf);
  const natural = (r: BalanceRow) => (r.type === 'asset' || r.type === 'expense' ? BigInt(r.balanceCents) : -BigInt(r.balanceCents));
  const section = (type: string) =>
    tb.rows.filter((r) => r.type === type).map((r) => ({ accountId: r.accountId, code: r.code, name: r.name, amountCents: natural(r).toString() }));
  const sum = (xs: { amountCents: string }[]) => xs.reduce((s, x) => s + BigInt(x.amountCents), 0n);
  const assets = section('asset');
  const liabilities = section('liability');
  const equity = section('equity');
  const earnings = -tb.rows.filter((r) => r.type === 'income' || r.type === 'expense').reduce((s, r) => s + BigInt(r.balanceCents), 0n);
  const totalAssets = sum(assets);
  const totalLiabilities = sum(liabilities);
  const totalEquity = sum(equity) + earnings;
  return {
    asOf,
    assets,
    liabilities,
    equity,
    earningsCents: earnings.toString(),
    totalAssets: totalAssets.toString(),
    totalLiabilities: totalLiabilities.toString(),
    totalEquity: totalEquity.toString(),
    balanced: totalAssets === totalLiabilities + totalEquity,
  };
}

export async function generalLedger(db: Db, orgId: string, companyId: string, accountId: string, from: string, to: string, limit: number, offset: number) {
  const [opening] = await rows<{ cents: string }>(
    db,
    sql`select coalesce(sum(amount_cents), 0)::text as cents from bookkeeping.journal_lines where org_id = ${orgId} and company_id = ${companyId} and account_id = ${accountId} and entry_date < ${from}::date`,
  );
  const lines = await rows<{ entryId: string; date: string; memo: string; amountCents: string; balanceCents: string }>(
    db,
    sql`select l.entry_id as "entryId", l.entry_date::text as date, e.memo, l.amount_cents::text as "amountCents",
        (${opening?.cents ?? '0'}::bigint + sum(l.amount_cents) over (order by l.entry_date, e.created_at, l.id))::text as "balanceCents"
      from bookkeeping.journal_lines l join bookkeeping.journal_entries e on e.id = l.entry_id
      where l.org_id = ${orgId} and l.company_id = ${companyId} and l.account_id = ${accountId} and l.entry_date between ${from}::date and ${to}::date
      order by l.entry_date, e.created_at, l.id limit ${limit} offset ${offset}`,
  );
  // the closing balance and the count cover the whole period, so a page that lists only the first postings still shows them right
  const [period] = await rows<{ closing: string; total: number }>(
    db,
    sql`select (${opening?.cents ?? '0'}::bigint + coalesce(sum(amount_cents), 0))::text as closing, count(*)::int as total from bookkeeping.journal_lines
      where org_id = ${orgId} and company_id = ${companyId} and account_id = ${accountId} and entry_date between ${from}::date and ${to}::date`,
  );
  return { openingCents: opening?.cents ?? '0', closingCents: period?.closing ?? opening?.cents ?? '0', total: period?.total ?? 0, lines };
}
