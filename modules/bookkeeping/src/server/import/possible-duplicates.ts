import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { tokens } from '../categorize/merchant-text.ts';
import { rows } from '../db/sql-rows.ts';
import type { LineInsert } from './import-repository.ts';

/** How far apart two postings of one transaction may be dated by different exports. */
export const DUPLICATE_WINDOW_DAYS = 3;
const DAY_MS = 86_400_000;

interface Candidate {
  id: string;
  day: number;
  amountCents: bigint;
  key: string;
  words: Set<string>;
}

const dayOf = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

function wordsOf(description: string, counterparty: string): Set<string> {
  return new Set(tokens(`${counterparty} ${description}`));
}

/**
 * Two descriptions of one transaction by two exports (e.g. OFX NAME versus a CSV memo) share
 * words even when the rest differs: Dice overlap of their words of at least one third, or the
 * same leading word; two descriptions without words only match when they are equal.
 */
export function similarDescriptions(a: Set<string>, b: Set<string>, aText: string, bText: string): boolean {
  if (a.size === 0 || b.size === 0) return aText.trim().toLowerCase() === bText.trim().toLowerCase();
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  if ((2 * shared) / (a.size + b.size) >= 1 / 3) return true;
  const first = (s: Set<string>) => s.values().next().value;
  return first(a) === first(b);
}

type DuplicateContext = { orgId: string; companyId: string; bankAccountId: string; importId: string };

/**
 * The dates an account held before this import: a min/max over the first and last dates its
 * earlier completed imports recorded (migration 0005), a few rows read through
 * `imports_hash_idx`, not the account's lines (`bench/bookkeeping/explain-duplicates.ts` shows
 * both plans).
 */
export function accountExtentSql(ctx: DuplicateContext): SQL {
  return sql`select min(first_date)::text as first, max(last_date)::text as last from bookkeeping.imports
    where bank_account_id = ${ctx.bankAccountId} and status = 'completed' and org_id = ${ctx.orgId} and company_id = ${ctx.companyId} and id <> ${ctx.importId}`;
}

/**
 * Stored lines of the account dated within [from, to], other than this import's and discarded ones:
 * a range scan of the company/date index over a few days.
 */
export function linesNearSql(ctx: DuplicateContext, from: string, to: string): SQL {
  return sql`select id, txn_date::text as date, amount_cents::text as "amountCents", dedupe_key as key, description, counterparty from bookkeeping.bank_lines
    where bank_account_id = ${ctx.bankAccountId} and txn_date between ${from}::date and ${to}::date
      and org_id = ${ctx.orgId} and company_id = ${ctx.companyId} and import_id <> ${ctx.importId} and status <> 'discarded'
    order by txn_date, id`;
}

/**
 * The fuzzy layer of dedupe: a line whose exact identity is new but that looks like a line stored
 * by an earlier import (same bank account and amount, dated within a few days, similar words) is
 * not merged and not posted; it waits in review flagged as a possible duplicate of that line. A
 * stored line is claimed by one new line at most, so a file holding the same transaction twice
 * does not flag both against one old line. Costs nothing while the file's dates do not reach the
 * dates the account already holds (a first import, or the next month's statement).
 */
export class PossibleDuplicates {
  private readonly ctx: DuplicateContext;
  private readonly extent: { first: number; last: number } | null;
  private readonly claimed = new Set<string>();

  private constructor(ctx: DuplicateContext, extent: { first: number; last: number } | null) {
    this.ctx = ctx;
    this.extent = extent;
  }

  /** Reads the dates the account held before this import began. */
  static async open(tx: Db, ctx: DuplicateContext): Promise<PossibleDuplicates> {
    const [e] = await rows<{ first: string | null; last: string | null }>(tx, accountExtentSql(ctx));
    return new PossibleDuplicates(ctx, e?.first && e.last ? { first: dayOf(e.first), last: dayOf(e.last) } : null);
  }

  /** Sets `duplicateOf` (and withdraws auto-approval) on the lines of a batch that look like stored ones. */
  async flag(tx: Db, batch: LineInsert[]): Promise<number> {
    if (!this.extent || batch.length === 0) return 0;
    let lo = Infinity;
    let hi = -Infinity;
    const days = new Array<number>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const d = dayOf(batch[i]!.line.date);
      days[i] = d;
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    const w = DUPLICATE_WINDOW_DAYS;
    if (hi + w < this.extent.first || lo - w > this.extent.last) return 0;
    const iso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
    const found = await rows<{ id: string; date: string; amountCents: string; key: string; description: string; counterparty: string }>(
      tx,
      linesNearSql(this.ctx, iso(lo - w), iso(hi + w)),
    );
    if (found.length === 0) return 0;
    const byAmount = new Map<bigint, Candidate[]>();
    for (const f of found) {
      const c: Candidate = { id: f.id, day: dayOf(f.date), amountCents: BigInt(f.amountCents), key: f.key, words: wordsOf(f.description, f.counterparty) };
      const list = byAmount.get(c.amountCents);
      if (list) list.push(c);
      else byAmount.set(c.amountCents, [c]);
    }
    const texts = new Map(found.map((f) => [f.id, `${f.counterparty} ${f.description}`]));
    let flagged = 0;
    for (let i = 0; i < batch.length; i++) {
      const b = batch[i]!;
      const list = byAmount.get(b.line.amountCents);
      if (!list) continue;
      // a stored line with the very same identity means a re-presented or a further genuine
      // occurrence: the exact layer decides those
      if (list.some((c) => c.key === b.key)) continue;
      const words = wordsOf(b.line.description, b.line.counterparty);
      const text = `${b.line.counterparty} ${b.line.description}`;
      let best: Candidate | null = null;
      for (const c of list) {
        if (this.claimed.has(c.id) || Math.abs(c.day - days[i]!) > w) continue;
        if (!similarDescriptions(words, c.words, text, texts.get(c.id) ?? '')) continue;
        if (!best || Math.abs(c.day - days[i]!) < Math.abs(best.day - days[i]!)) best = c;
      }
      if (best) {
        this.claimed.add(best.id);
        b.duplicateOf = best.id;
        b.approve = false;
        flagged++;
      }
    }
    return flagged;
  }
}
