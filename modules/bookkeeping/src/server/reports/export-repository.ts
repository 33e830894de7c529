import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { rows } from '../db/sql-rows.ts';
import { formatCents } from '../import/money-parse.ts';

const csvField = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export const TRAINING_COLUMNS = [
  'company_id',
  'txn_id',
  'date',
  'amount',
  'description',
  'counterparty',
  'predicted_account',
  'approved_account',
  'confidence',
  'review_outcome',
] as const;

/** The brief's training dataset: one row per bank line, exactly its ten columns. */
export async function trainingCsv(db: Db, orgId: string, companyId?: string, visible: SQL | null = null): Promise<string> {
  const list = await rows<{
    company: string;
    id: string;
    date: string;
    cents: string;
    description: string;
    counterparty: string;
    predicted: string | null;
    approved: string | null;
    confidence: string | null;
    outcome: string | null;
  }>(
    db,
    sql`select c.slug as company, b.id, b.txn_date::text as date, b.amount_cents::text as cents, b.description, b.counterparty,
        pa.code || ' ' || pa.name as predicted, aa.code || ' ' || aa.name as approved, b.confidence::text as confidence, b.review_outcome as outcome
      from bookkeeping.bank_lines b join bookkeeping.companies c on c.id = b.company_id
      left join bookkeeping.accounts pa on pa.id = b.predicted_account_id left join bookkeeping.accounts aa on aa.id = b.approved_account_id
      where b.org_id = ${orgId} and (${companyId ?? null}::uuid is null or b.company_id = ${companyId ?? null}::uuid) and ${visible ?? sql`true`}
      order by c.slug, b.txn_date, b.line_no, b.id`,
  );
  const out = [TRAINING_COLUMNS.join(',')];
  for (const r of list) {
    out.push(
      [
        r.company,
        r.id,
        r.date,
        formatCents(BigInt(r.cents)),
        r.description,
        r.counterparty,
        r.predicted ?? '',
        r.approved ?? '',
        r.confidence ?? '',
        r.outcome ?? 'pending',
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${out.join('\n')}\n`;
}

const TOP: Record<string, string> = { asset: 'assets', liability: 'liabilities', equity: 'equity', income: 'revenues', expense: 'expenses' };

/** hledger account name: type as the top level so hledger's reports classify it; no colons or double spaces inside. */
export function hledgerAccount(type: string, code: string, name: string): string {
  return `${TOP[type] ?? 'assets'}:${code} ${name.replace(/[:;]/g, ' ').replace(/\s+/g, ' ').trim()}`;
}

/** The company's posted books as an hledger journal, amounts in exact cents. */
export async function hledgerJournal(db: Db, orgId: string, companyId: string, currency = 'USD'): Promise<string> {
  const list = await rows<{ id: string; date: string; memo: string; type: string; code: string; name: string; cents: string }>(
    db,
    sql`select e.id, e.entry_date::text as date, e.memo, a.type, a.code, a.name, l.amount_cents::text as cents
      from bookkeeping.journal_entries e join bookkeeping.journal_lines l on l.entry_id = e.id join bookkeeping.accounts a on a.id = l.account_id
      where e.org_id = ${orgId} and e.company_id = ${companyId} and e.status = 'posted'
      order by e.entry_date, e.created_at, e.id, l.amount_cents desc`,
  );
  const out: string[] = [`; exported by Tessera AI Bookkeeper`, `commodity 1,000.00 ${currency}`, ''];
  let current = '';
  for (const r of list) {
    if (r.id !== current) {
      if (current) out.push('');
      current = r.id;
      out.push(
        `${r.date} ${r.memo
          .replace(/[\r\n]+/g, ' ')
          .replace(/;/g, ',')
          .slice(0, 120)}  ; id:${r.id}`,
      );
    }
    out.push(`    ${hledgerAccount(r.type, r.code, r.name)}  ${formatCents(BigInt(r.cents))} ${currency}`);
  }
  out.push('');
  return out.join('\n');
}
