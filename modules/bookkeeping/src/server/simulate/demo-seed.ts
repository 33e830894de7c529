import { sql } from 'drizzle-orm';
import type { DemoSeedContext } from '@tessera/core';
import { insertCompany, listAccounts } from '../companies/company-repository.ts';
import { rows } from '../db/sql-rows.ts';
import { importBankFile } from '../import/import-service.ts';
import { decideLine } from '../review/review-service.ts';
import { PROFILES } from './company-profiles.ts';
import { simulateCompany, toBankCsv } from './bank-simulator.ts';

const SEED_MONTHS = 4;
const TAUGHT_MONTHS = 2;

/**
 * Demo books from the simulation: five companies, the first two months imported and reviewed
 * with the true accounts (teaching the model), the next two imported and categorized by it.
 * Four months keep the seed to a few seconds on the embedded database.
 */
export async function seedBookkeepingDemo(ctx: DemoSeedContext): Promise<void> {
  const { platform, orgId, userId } = ctx;
  const db = platform.database.db;
  const actor = { type: 'user' as const, id: userId };
  for (const p of PROFILES) {
    const [exists] = await rows<{ id: string }>(db, sql`select id from bookkeeping.companies where org_id = ${orgId} and slug = ${p.slug}`);
    if (exists) continue;
    const company = await db.transaction((tx) => insertCompany(tx, orgId, { slug: p.slug, name: p.name, industry: p.industry }));
    const accounts = await listAccounts(db, orgId, company.id);
    const byCode = new Map(accounts.map((a) => [a.code, a.id]));
    const bank = byCode.get('1000') as string;
    const lines = simulateCompany(p, 42).filter((l) => l.month <= SEED_MONTHS);
    const truth = new Map(lines.map((l) => [`${l.date}|${l.amountCents}|${l.description}`, l.account]));
    for (const [part, months] of [
      ['taught', (m: number) => m <= TAUGHT_MONTHS],
      ['new', (m: number) => m > TAUGHT_MONTHS],
    ] as const) {
      const csv = toBankCsv(lines.filter((l) => months(l.month)), p.openingCents);
      const bytes = new TextEncoder().encode(csv);
      await importBankFile(platform, { orgId, company: company.id, bankAccountId: bank, fileName: `${p.slug}-2025-${part}.csv`, open: async function* () { yield bytes; }, userId, actor, llmLimit: 0 });
      if (part !== 'taught') continue;
      const review = await rows<{ id: string; date: string; cents: string; description: string }>(
        db,
        sql`select id, txn_date::text as date, amount_cents::text as cents, description from bookkeeping.bank_lines where company_id = ${company.id} and status = 'review' order by txn_date, line_no`,
      );
      for (const r of review) {
        const code = truth.get(`${r.date}|${r.cents}|${r.description}`);
        const accountId = code ? byCode.get(code) : undefined;
        if (accountId) await decideLine(db, orgId, actor, userId, r.id, accountId, 4000 + (r.description.length % 7) * 1000);
      }
    }
  }
}
