/**
 * AI Bookkeeper import benchmark (one process, embedded PGlite unless DATABASE_URL is set):
 * import + categorize + store of a ~100,000-line simulated bank CSV, against a parse-only pass
 * over the same bytes and (when installed) hledger `print` with a rules file; then P&L, balance
 * sheet and trial balance over the resulting books. Writes bench/results/bookkeeping.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { coreMigrationsDir, createOrganization, createPlatform, loadConfig, migrate, openDatabase } from '@tessera/core';
import { bookkeepingModule } from '../../modules/bookkeeping/src/server/index.ts';
import { companyModel } from '../../modules/bookkeeping/src/server/categorize/model-cache.ts';
import { insertCompany, listAccounts } from '../../modules/bookkeeping/src/server/companies/company-repository.ts';
import { parseBankFile } from '../../modules/bookkeeping/src/server/import/bank-file-parser.ts';
import { importBankFile } from '../../modules/bookkeeping/src/server/import/import-service.ts';
import { balanceSheet, profitAndLoss, trialBalance } from '../../modules/bookkeeping/src/server/reports/report-repository.ts';
import { PROFILES } from '../../modules/bookkeeping/src/server/simulate/company-profiles.ts';
import { simulateCompany, toBankCsv } from '../../modules/bookkeeping/src/server/simulate/bank-simulator.ts';

const TARGET_LINES = Number(process.env.BENCH_LINES ?? 100_000);
const repoRoot = resolve(import.meta.dirname, '../..');
const profile = PROFILES.find((p) => p.slug === 'cincy-web')!;

async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += 256 * 1024) yield bytes.subarray(i, i + 256 * 1024);
}

const perYear = simulateCompany(profile, 42).length;
const all = simulateCompany(profile, 42, Math.ceil((TARGET_LINES * 12 * 1.2) / (perYear * 10)));
const teach = all.filter((l) => l.month <= 2);
const lines = all.filter((l) => l.month > 2).slice(0, TARGET_LINES);
const csv = toBankCsv(lines, profile.openingCents);
const bytes = new TextEncoder().encode(csv);
console.log(`file: ${lines.length} lines, ${(bytes.length / 1e6).toFixed(1)} MB`);

// Baseline 1: parse only.
let t0 = performance.now();
let parsed = 0;
for await (const b of parseBankFile(chunks(bytes), { fileName: 'bench.csv' })) parsed += b.length;
const parseMs = performance.now() - t0;

interface BackendRun {
  label: string;
  importMs: number;
  summary: Awaited<ReturnType<typeof importBankFile>>;
  txns: number;
  pnlMs: number;
  bsMs: number;
  tbMs: number;
}

// Full path: import + categorize + store + post entries, one transaction per file.
async function runBackend(databaseUrl: string | null): Promise<BackendRun> {
  const database = await openDatabase({ databaseUrl, dataDir: null });
  await migrate(database, [
    { owner: 'core', dir: coreMigrationsDir },
    { owner: 'bookkeeping', dir: bookkeepingModule.migrationsDir },
  ]);
  const dataDir = mkdtempSync(join(tmpdir(), 'bk-bench-'));
  const config = loadConfig({}, [], { dataDir, databaseUrl, gitSha: 'bench', seedDemo: false });
  const platform = await createPlatform(config, { database, logger: pino({ level: 'silent' }), processMetrics: false });
  const db = platform.database.db;
  const org = await createOrganization(db, `bench-${Date.now()}`, 'Bench', { type: 'system', id: 'bench' });
  const company = await db.transaction((tx) => insertCompany(tx, org.id, { slug: 'cincy-web', name: profile.name, industry: profile.industry }));
  const accounts = new Map((await listAccounts(db, org.id, company.id)).map((a) => [a.code, a.id]));
  const model = await companyModel(db, org.id, company.id);
  for (const l of teach) model.learn({ description: l.description, counterparty: '', amountCents: l.amountCents, accountId: accounts.get(l.account)! });
  const t = performance.now();
  const summary = await importBankFile(platform, {
    orgId: org.id,
    company: company.id,
    bankAccountId: accounts.get('1000')!,
    fileName: 'bench.csv',
    open: () => chunks(bytes),
    userId: null,
    actor: { type: 'system', id: 'bench' },
    llmLimit: 0,
  });
  const importMs = performance.now() - t;
  console.log(summary);
  const [countRow] = await platform.database.query<{ n: number }>(`select count(*)::int as n from bookkeeping.journal_entries where company_id = $1`, [
    company.id,
  ]);
  const time = async (fn: () => Promise<unknown>) => {
    const s = performance.now();
    await fn();
    return performance.now() - s;
  };
  const pnlMs = await time(() =>
    profitAndLoss(db, org.id, company.id, [
      { from: '2025-01-01', to: '2025-12-31' },
      { from: '2024-01-01', to: '2024-12-31' },
    ]),
  );
  const bsMs = await time(() => balanceSheet(db, org.id, company.id, '2025-12-31'));
  const tbMs = await time(() => trialBalance(db, org.id, company.id, '2025-12-31'));
  await platform.close();
  await database.close();
  return { label: databaseUrl ? 'PostgreSQL' : 'PGlite (embedded, in memory)', importMs, summary, txns: countRow?.n ?? 0, pnlMs, bsMs, tbMs };
}

// BENCH_BACKENDS=pg skips PGlite while iterating (the written report then lacks its row).
const onlyPg = process.env.BENCH_BACKENDS === 'pg' && !!process.env.BENCH_DATABASE_URL;
const runs: BackendRun[] = onlyPg ? [] : [await runBackend(null)];
if (process.env.BENCH_DATABASE_URL) runs.push(await runBackend(process.env.BENCH_DATABASE_URL));

// Baseline 2: hledger print with a small rules file on the same CSV.
let hledgerMs: number | null = null;
let hledgerNote = 'hledger not installed';
if (process.env.BENCH_HLEDGER !== '0' && spawnSync('sh', ['-c', 'command -v hledger']).status === 0) {
  const dir = mkdtempSync(join(tmpdir(), 'bk-hl-'));
  writeFileSync(join(dir, 'bench.csv'), csv);
  writeFileSync(
    join(dir, 'bench.csv.rules'),
    [
      'skip 1',
      'fields date, description, amount, balance',
      'currency $',
      'account1 assets:bank',
      'account2 expenses:unknown',
      'if GITHUB|FIGMA|SLACK|NOTION|ATLASSIAN',
      ' account2 expenses:software',
      'if STRIPE',
      ' account2 revenues:projects',
      'if ADP',
      ' account2 expenses:payroll',
      '',
    ].join('\n'),
  );
  t0 = performance.now();
  execFileSync('hledger', ['-f', join(dir, 'bench.csv'), '--rules-file', join(dir, 'bench.csv.rules'), '--ignore-assertions', 'print'], {
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  hledgerMs = performance.now() - t0;
  hledgerNote = execFileSync('hledger', ['--version'], { encoding: 'utf8' }).trim();
}
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const parseRate = rate(parsed, parseMs);
const uname = execFileSync('uname', ['-a'], { encoding: 'utf8' }).trim();
const importRows = runs.map((r) => {
  const ir = rate(r.summary.linesAdded, r.importMs);
  return `| import on ${r.label}: parse + dedupe keys + rules/memory/model + insert lines + post ${r.summary.autoApproved} entries | ${r.summary.linesAdded} | ${r.importMs.toFixed(0)} ms | ${ir} | ${(ir / parseRate).toFixed(2)} |`;
});
const reportRows = runs.map((r) => `| ${r.label} | ${r.txns} | ${r.pnlMs.toFixed(0)} ms | ${r.bsMs.toFixed(0)} ms | ${r.tbMs.toFixed(0)} ms |`);
const md = `# AI Bookkeeper benchmark

- machine: \`${uname}\`, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average at start ${loadavg()[0]?.toFixed(1)}
- date: ${new Date().toISOString()}
- command: \`node bench/bookkeeping/import.bench.ts\` (BENCH_LINES=${TARGET_LINES}${process.env.BENCH_DATABASE_URL ? ', BENCH_DATABASE_URL set' : ''})
- input: simulated Cincy Web Builders CSV, ${lines.length} lines, ${(bytes.length / 1e6).toFixed(1)} MB; the model was taught months 1-2 first

## Import + categorize + store (one process, one transaction per file)

| path | lines | time | lines/s | vs parse-only |
|---|---|---|---|---|
| parse only (streaming CSV reader, exact cents) | ${parsed} | ${parseMs.toFixed(0)} ms | ${parseRate} | 1.00 |
${importRows.join('\n')}
| hledger print with 4 rules (${hledgerNote}) | ${lines.length} | ${hledgerMs === null ? 'n/a' : `${hledgerMs.toFixed(0)} ms`} | ${hledgerMs === null ? 'n/a' : rate(lines.length, hledgerMs)} | ${hledgerMs === null ? 'n/a' : (rate(lines.length, hledgerMs) / parseRate).toFixed(2)} |

Target: at least 30,000 lines/s for the import path.

## Reports over the imported books (each entry has two journal lines)

| database | journal entries | P&L (two period columns) | balance sheet | trial balance |
|---|---|---|---|---|
${reportRows.join('\n')}

Target: each under 1 s.
`;
if (process.env.BENCH_WRITE !== '0') writeFileSync(resolve(repoRoot, 'bench/results/bookkeeping.md'), md);
console.log(md);
