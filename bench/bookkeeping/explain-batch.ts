/**
 * Where the time of one stored batch goes on PostgreSQL: imports a simulated file with
 * auto_explain logging every statement (nested ones too, with timings) to this client.
 *   EXPLAIN_DATABASE_URL=postgres://… BENCH_LINES=20000 node bench/bookkeeping/explain-batch.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { coreMigrationsDir, createOrganization, createPlatform, loadConfig, migrate, openDatabase } from '@tessera/core';
import { bookkeepingModule } from '../../modules/bookkeeping/src/server/index.ts';
import { companyModel } from '../../modules/bookkeeping/src/server/categorize/model-cache.ts';
import { insertCompany, listAccounts } from '../../modules/bookkeeping/src/server/companies/company-repository.ts';
import { importBankFile } from '../../modules/bookkeeping/src/server/import/import-service.ts';
import { PROFILES } from '../../modules/bookkeeping/src/server/simulate/company-profiles.ts';
import { simulateCompany, toBankCsv } from '../../modules/bookkeeping/src/server/simulate/bank-simulator.ts';

const url = process.env.EXPLAIN_DATABASE_URL;
if (!url) throw new Error('set EXPLAIN_DATABASE_URL');
const profile = PROFILES.find((p) => p.slug === 'cincy-web')!;
const all = simulateCompany(profile, 7, 40);
const lines = all.filter((l) => l.month > 2).slice(0, Number(process.env.BENCH_LINES ?? 20000));
const bytes = new TextEncoder().encode(toBankCsv(lines, 0));
const database = await openDatabase({ databaseUrl: url, dataDir: null, poolSize: 1 });
await migrate(database, [
  { owner: 'core', dir: coreMigrationsDir },
  { owner: 'bookkeeping', dir: bookkeepingModule.migrationsDir },
]);
const config = loadConfig({}, [], { dataDir: mkdtempSync(join(tmpdir(), 'bk-x-')), databaseUrl: url, gitSha: 'x', seedDemo: false });
const platform = await createPlatform(config, { database, logger: pino({ level: 'silent' }), processMetrics: false });
const db = platform.database.db;
const org = await createOrganization(db, `x-${Date.now()}`, 'X', { type: 'system', id: 'x' });
const company = await db.transaction((tx) => insertCompany(tx, org.id, { slug: 'x', name: 'X', industry: profile.industry }));
const accounts = await listAccounts(db, org.id, company.id);
const bank = accounts.find((a) => a.code === '1000')!;
const byCode = new Map(accounts.map((a) => [a.code, a.id]));
const model = await companyModel(db, org.id, company.id);
for (const l of all.filter((x) => x.month <= 2))
  model.learn({ description: l.description, counterparty: '', amountCents: l.amountCents, accountId: byCode.get(l.account)! });
await database.query(`load 'auto_explain'`);
await database.query(`set auto_explain.log_min_duration = 0`);
await database.query(`set auto_explain.log_analyze = on`);
await database.query(`set auto_explain.log_nested_statements = on`);
const t = performance.now();
await importBankFile(platform, {
  orgId: org.id,
  company: company.id,
  bankAccountId: bank.id,
  fileName: 'x.csv',
  open: async function* () {
    yield bytes;
  },
  userId: null,
  actor: { type: 'system', id: 'x' },
  llmLimit: 0,
});
console.log(`import ${lines.length} lines: ${(performance.now() - t).toFixed(0)} ms`);
await platform.close();
await database.close();
