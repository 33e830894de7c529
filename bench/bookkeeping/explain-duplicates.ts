/**
 * Plans of the possible-duplicate check's two queries on a company with three bank accounts: the
 * account's date extent (now over its imports, migration 0005; before, over its bank lines, shown
 * for comparison) and the stored lines near an incoming batch (company/date index).
 *   EXPLAIN_DATABASE_URL=postgres://…/scratch [BENCH_LINES=60000] node bench/bookkeeping/explain-duplicates.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { sql, type SQL } from 'drizzle-orm';
import { coreMigrationsDir, createOrganization, createPlatform, loadConfig, migrate, openDatabase, queryRows, type Db } from '@tessera/core';
import { bookkeepingModule } from '../../modules/bookkeeping/src/server/index.ts';
import { insertCompany, listAccounts } from '../../modules/bookkeeping/src/server/companies/company-repository.ts';
import { importBankFile } from '../../modules/bookkeeping/src/server/import/import-service.ts';
import { accountExtentSql, linesNearSql } from '../../modules/bookkeeping/src/server/import/possible-duplicates.ts';
import { PROFILES } from '../../modules/bookkeeping/src/server/simulate/company-profiles.ts';
import { simulateCompany, toBankCsv } from '../../modules/bookkeeping/src/server/simulate/bank-simulator.ts';

const url = process.env.EXPLAIN_DATABASE_URL;
if (!url) throw new Error('set EXPLAIN_DATABASE_URL');
const perAccount = Number(process.env.BENCH_LINES ?? 60_000);
const profile = PROFILES.find((p) => p.slug === 'cincy-web')!;
const all = simulateCompany(profile, 11, Math.ceil((perAccount * 12 * 1.2) / (simulateCompany(profile, 11).length * 10)));
const database = await openDatabase({ databaseUrl: url, dataDir: null, poolSize: 1 });
await migrate(database, [
  { owner: 'core', dir: coreMigrationsDir },
  { owner: 'bookkeeping', dir: bookkeepingModule.migrationsDir },
]);
const config = loadConfig({}, [], { dataDir: mkdtempSync(join(tmpdir(), 'bk-xd-')), databaseUrl: url, gitSha: 'x', seedDemo: false });
const platform = await createPlatform(config, { database, logger: pino({ level: 'silent' }), processMetrics: false });
const db = platform.database.db;
const org = await createOrganization(db, `xd-${Date.now()}`, 'XD', { type: 'system', id: 'x' });
const company = await db.transaction((tx) => insertCompany(tx, org.id, { slug: 'xd', name: 'XD', industry: profile.industry }));
const accounts = await listAccounts(db, org.id, company.id);
const idOf = (code: string) => accounts.find((a) => a.code === code)!.id;

async function load(bankAccountId: string, lines: typeof all): Promise<void> {
  const bytes = new TextEncoder().encode(toBankCsv(lines, 0));
  await importBankFile(platform, {
    orgId: org.id,
    company: company.id,
    bankAccountId,
    fileName: `${bankAccountId}.csv`,
    open: async function* () {
      yield bytes;
    },
    userId: null,
    actor: { type: 'system', id: 'x' },
    llmLimit: 0,
  });
}
// checking and savings hold most lines; the card a few months
await load(idOf('1000'), all.slice(0, perAccount));
await load(idOf('1010'), all.slice(perAccount, 2 * perAccount));
await load(idOf('2000'), all.filter((l) => l.month <= 3).slice(0, 2000));
await database.query('analyze bookkeeping.bank_lines');
const [{ n } = { n: 0 }] = await database.query<{ n: number }>('select count(*)::int as n from bookkeeping.bank_lines where company_id = $1', [company.id]);
console.log(`company ${company.id}: ${n} bank lines over three accounts`);

async function plan(tx: Db, label: string, q: SQL): Promise<void> {
  const out = await queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain (analyze, buffers, costs off, summary on) ${q}`);
  const text = out.map((r) => r['QUERY PLAN']).join('\n');
  console.log(`\n### ${label}\n${text}`);
}

const newImport = '00000000-0000-7000-8000-000000000000';
const card = { orgId: org.id, companyId: company.id, bankAccountId: idOf('2000'), importId: newImport };
const checking = { ...card, bankAccountId: idOf('1000') };
// what the extent was asked from before migration 0005: the account's bank lines
const linesExtentSql = (ctx: typeof card) =>
  sql`select min(txn_date)::text as first, max(txn_date)::text as last from bookkeeping.bank_lines
    where org_id = ${ctx.orgId} and company_id = ${ctx.companyId} and bank_account_id = ${ctx.bankAccountId} and import_id <> ${ctx.importId}`;
await db.transaction(async (tx) => {
  await plan(tx, 'extent of the card account, from its imports (migration 0005)', accountExtentSql(card));
  await plan(tx, 'extent of the card account, from its bank lines (before)', linesExtentSql(card));
  await plan(tx, 'card lines near a one-week batch', linesNearSql(card, '2025-02-10', '2025-02-20'));
  await plan(tx, 'checking lines near a one-week batch', linesNearSql(checking, '2025-06-01', '2025-06-11'));
});
await platform.close();
await database.close();
