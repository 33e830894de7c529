import { sql } from 'drizzle-orm';
import type { DemoSeedContext } from '@tessera/core';
import { companyModel } from '../categorize/model-cache.ts';
import { insertCompany, listAccounts } from '../companies/company-repository.ts';
import { rows } from '../db/sql-rows.ts';
import { importBankFile } from '../import/import-service.ts';
import { PROFILES } from './company-profiles.ts';
import { simulateCompany, toBankCsv } from './bank-simulator.ts';

const SEED_MONTHS = 3;

/**
 * Demo books from the simulation: five companies with the first quarter of 2025 imported. The
 * model starts from the true accounts of the last quarter of 2024 (prior history a practice
 * would bring over), so the queue shows what a new quarter looks like: most lines auto-approved,
 * the unfamiliar ones waiting for review. Kept to a quarter so the seed takes seconds.
 */
export async function seedBookkeepingDemo(ctx: DemoSeedContext): Promise<void> {
  const { platform, orgId, userId } = ctx;
  const db = platform.database.db;
  for (const p of PROFILES) {
    const [exists] = await rows<{ id: string }>(db, sql`select id from bookkeeping.companies where org_id = ${orgId} and slug = ${p.slug}`);
    if (exists) continue;
    const company = await db.transaction((tx) => insertCompany(tx, orgId, { slug: p.slug, name: p.name, industry: p.industry }));
    const byCode = new Map((await listAccounts(db, orgId, company.id)).map((a) => [a.code, a.id]));
    const model = await companyModel(db, orgId, company.id);
    // Another seed's months 10-12 stand in for the previous year's last quarter.
    for (const l of simulateCompany(p, 2024).filter((x) => x.month >= 10)) {
      const accountId = byCode.get(l.account);
      if (accountId) model.learn({ description: l.description, counterparty: '', amountCents: l.amountCents, accountId });
    }
    const csv = toBankCsv(
      simulateCompany(p, 42).filter((l) => l.month <= SEED_MONTHS),
      p.openingCents,
    );
    const bytes = new TextEncoder().encode(csv);
    await importBankFile(platform, {
      orgId,
      company: company.id,
      bankAccountId: byCode.get('1000') as string,
      fileName: `${p.slug}-2025-q1.csv`,
      open: async function* () {
        yield bytes;
      },
      userId,
      actor: { type: 'user', id: userId },
      llmLimit: 0,
    });
  }
}
