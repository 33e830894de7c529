/**
 * CPU spent per imported line, by this process and by its PostgreSQL backend (read from
 * /proc/<pid>/stat), which stays comparable on a busy machine where wall-clock rates do not.
 *   CPU_DATABASE_URL=postgres://… BENCH_LINES=50000 [CPU_SQL='drop index …'] node bench/bookkeeping/cpu-cost.ts
 */
import { readFileSync, mkdtempSync } from 'node:fs';
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

const url = process.env.CPU_DATABASE_URL;
if (!url) throw new Error('set CPU_DATABASE_URL');
const n = Number(process.env.BENCH_LINES ?? 50000);
const profile = PROFILES.find((p) => p.slug === 'cincy-web')!;
const perYear = simulateCompany(profile, 42).length;
const all = simulateCompany(profile, 42, Math.ceil((n * 12 * 1.2) / (perYear * 10)));
const lines = all.filter((l) => l.month > 2).slice(0, n);
const bytes = new TextEncoder().encode(toBankCsv(lines, 0));
const database = await openDatabase({ databaseUrl: url, dataDir: null, poolSize: 1 });
await migrate(database, [
  { owner: 'core', dir: coreMigrationsDir },
  { owner: 'bookkeeping', dir: bookkeepingModule.migrationsDir },
]);
const config = loadConfig({}, [], { dataDir: mkdtempSync(join(tmpdir(), 'bk-cpu-')), databaseUrl: url, gitSha: 'x', seedDemo: false });
const platform = await createPlatform(config, { database, logger: pino({ level: 'silent' }), processMetrics: false });
const db = platform.database.db;
const org = await createOrganization(db, `cpu-${Date.now()}`, 'CPU', { type: 'system', id: 'x' });
const company = await db.transaction((tx) => insertCompany(tx, org.id, { slug: 'x', name: 'X', industry: profile.industry }));
const accounts = new Map((await listAccounts(db, org.id, company.id)).map((a) => [a.code, a.id]));
const model = await companyModel(db, org.id, company.id);
for (const l of all.filter((x) => x.month <= 2))
  model.learn({ description: l.description, counterparty: '', amountCents: l.amountCents, accountId: accounts.get(l.account)! });
// CPU_SQL: statements run on the scratch database before the import, to price a trigger or index
if (process.env.CPU_SQL) await database.query(process.env.CPU_SQL);
const [{ pid }] = (await database.query<{ pid: number }>('select pg_backend_pid() as pid')) as [{ pid: number }];
const ticks = () => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]);
};
const pg0 = ticks();
const js0 = process.cpuUsage();
const t0 = performance.now();
const summary = await importBankFile(platform, {
  orgId: org.id,
  company: company.id,
  bankAccountId: accounts.get('1000')!,
  fileName: 'cpu.csv',
  open: async function* () {
    for (let i = 0; i < bytes.length; i += 256 * 1024) yield bytes.subarray(i, i + 256 * 1024);
  },
  userId: null,
  actor: { type: 'system', id: 'x' },
  llmLimit: 0,
});
const wall = performance.now() - t0;
const js = process.cpuUsage(js0);
const pgMs = (ticks() - pg0) * 10;
const jsMs = (js.user + js.system) / 1000;
console.log(
  JSON.stringify({
    lines: summary.linesAdded,
    wallMs: Math.round(wall),
    nodeCpuMs: Math.round(jsMs),
    pgCpuMs: pgMs,
    nodeUsPerLine: +((jsMs * 1000) / n).toFixed(1),
    pgUsPerLine: +((pgMs * 1000) / n).toFixed(1),
  }),
);
await platform.close();
await database.close();
