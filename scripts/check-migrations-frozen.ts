/**
 * Shipped migrations never change: the migrator refuses to start on a database whose recorded
 * checksum differs, so an edited migration only shows up on users' existing databases, never in
 * tests (every test starts from a fresh one). This check compares every migration file with
 * `migrations.lock.json`; `--record` adds files that are not in the lock yet and never rewrites one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const lockFile = join(root, 'scripts/migrations.lock.json');

function migrationDirs(): string[] {
  const modules = readdirSync(join(root, 'modules')).map((m) => join(root, 'modules', m, 'src/server/db/migrations'));
  return [join(root, 'packages/core/src/db/migrations'), ...modules].filter((dir) => existsSync(dir));
}

function currentChecksums(): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of migrationDirs()) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
      const path = join(dir, file);
      out.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  }
  return out;
}

function readLock(): Record<string, string> {
  return existsSync(lockFile) ? (JSON.parse(readFileSync(lockFile, 'utf8')) as Record<string, string>) : {};
}

export function findMigrationChanges(): string[] {
  const lock = readLock();
  const current = currentChecksums();
  const problems: string[] = [];
  for (const [path, sum] of Object.entries(lock)) {
    const now = current.get(path);
    if (now === undefined) problems.push(`${path} was deleted; a shipped migration stays (add a new one that undoes it)`);
    else if (now !== sum) problems.push(`${path} changed after it shipped; put the change in a new migration`);
  }
  for (const path of current.keys()) {
    if (!(path in lock)) problems.push(`${path} is not recorded: run node scripts/check-migrations-frozen.ts --record`);
  }
  return problems;
}

if (import.meta.main) {
  if (process.argv.includes('--record')) {
    const lock = readLock();
    for (const [path, sum] of currentChecksums()) lock[path] ??= sum;
    const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(lockFile, `${JSON.stringify(sorted, null, 2)}\n`);
  }
  const problems = findMigrationChanges();
  for (const p of problems) process.stderr.write(`migrations: ${p}\n`);
  if (problems.length) process.exit(1);
  process.stdout.write('migrations: frozen files unchanged\n');
}
