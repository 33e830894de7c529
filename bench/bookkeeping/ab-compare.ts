/**
 * Baseline-versus-current import throughput in one run: alternates `import.bench.ts` of a
 * baseline checkout (BASELINE_DIR, e.g. `git worktree add --detach /tmp/base <commit>` plus a
 * `node_modules` symlink to this checkout's) and of this
 * checkout, ROUNDS times, each PostgreSQL run on a fresh scratch database, and prints medians.
 *   BASELINE_DIR=/tmp/base ROUNDS=3 BENCH_LINES=20000 BENCH_DATABASE_URL=postgres://… node bench/bookkeeping/ab-compare.ts
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';

const baselineDir = process.env.BASELINE_DIR;
if (!baselineDir) throw new Error('set BASELINE_DIR to a checkout of the baseline commit');
const rounds = Number(process.env.ROUNDS ?? 3);
const pgUrl = process.env.BENCH_DATABASE_URL ?? null;
const currentDir = resolve(import.meta.dirname, '../..');

async function withScratchDb<T>(fn: (url: string | null) => T): Promise<T> {
  if (!pgUrl) return fn(null);
  const name = `bk_ab_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    return fn(pgUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`));
  } finally {
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}

function runOnce(dir: string, url: string | null): Record<string, number> {
  const out = execFileSync(process.execPath, [resolve(dir, 'bench/bookkeeping/import.bench.ts')], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, BENCH_DATABASE_URL: url ?? '' },
    maxBuffer: 1 << 26,
  });
  const rates: Record<string, number> = {};
  for (const m of out.matchAll(/^\| (parse only|import on PGlite|import on PostgreSQL)[^|]*\| \d+ \| \d+ ms \| (\d+) \|/gm)) rates[m[1]!] = Number(m[2]);
  return rates;
}

const samples: Record<string, Record<string, number[]>> = { baseline: {}, current: {} };
for (let r = 0; r < rounds; r++) {
  for (const [label, dir] of [
    ['baseline', baselineDir],
    ['current', currentDir],
  ] as const) {
    const rates = await withScratchDb((url) => runOnce(dir, url));
    for (const [k, v] of Object.entries(rates)) (samples[label]![k] ??= []).push(v);
    console.log(`round ${r + 1} ${label}: ${JSON.stringify(rates)}`);
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : Math.round((s[s.length / 2 - 1]! + s[s.length / 2]!) / 2);
};
console.log('\n| path | baseline median lines/s | current median lines/s | ratio | samples (baseline; current) |\n|---|---|---|---|---|');
for (const k of Object.keys(samples.current!)) {
  const b = samples.baseline![k] ?? [];
  const c = samples.current![k] ?? [];
  console.log(`| ${k} | ${median(b)} | ${median(c)} | ${(median(c) / median(b)).toFixed(2)} | ${b.join(', ')}; ${c.join(', ')} |`);
}
