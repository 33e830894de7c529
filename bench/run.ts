/**
 * `npm run bench [-- <filter>]`: runs every `bench/<area>/*.bench.ts` in sequence, each in its own
 * Node process (same binary), and fails if any of them fails. A filter keeps only the files whose
 * path contains it, e.g. `npm run bench -- platform`.
 */
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = globSync('bench/*/*.bench.ts', { cwd: root })
  .filter((f) => !f.startsWith('bench/lib/'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error(`no benchmark matched ${filters.join(', ') || '(any)'}`);
  process.exit(1);
}

const failed: string[] = [];
for (const file of files) {
  console.log(`\n=== ${file}`);
  const started = Date.now();
  const res = spawnSync(process.execPath, [file], { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (res.status === 0) console.log(`=== ${file}: done in ${seconds} s`);
  else {
    failed.push(file);
    console.error(`=== ${file}: FAILED (exit ${res.status ?? res.signal}) after ${seconds} s`);
  }
}
console.log(`\n${files.length - failed.length}/${files.length} benchmarks passed; results in bench/results/`);
if (failed.length) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
