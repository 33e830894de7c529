import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './database.ts';

export interface MigrationSource {
  /** Owner of the migrations: `core` or a module name. */
  owner: string;
  dir: string;
}

export interface AppliedMigration {
  owner: string;
  name: string;
}

const LOCK_KEY = 7_305_411_220; // Arbitrary constant shared by every process that migrates.

/**
 * Applies pending `NNNN_name.sql` files in order, each in its own transaction, under an advisory
 * lock so several processes starting together migrate once. A landed migration is frozen: if its
 * checksum changes, start-up stops instead of silently diverging schemas.
 */
export async function migrate(database: Database, sources: MigrationSource[]): Promise<AppliedMigration[]> {
  return database.withConnection(async (query) => {
    await query('select pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await query(`create schema if not exists core;
        `);
      await query(`create table if not exists core.schema_migrations (
        owner text not null, name text not null, checksum text not null,
        applied_at timestamptz not null default now(), primary key (owner, name))`);
      const rows = await query('select owner, name, checksum from core.schema_migrations');
      const done = new Map(rows.map((r) => [`${String(r.owner)}/${String(r.name)}`, String(r.checksum)]));
      const applied: AppliedMigration[] = [];
      for (const source of sources) {
        for (const file of listMigrations(source.dir)) {
          const sql = readFileSync(join(source.dir, file), 'utf8');
          const checksum = createHash('sha256').update(sql).digest('hex');
          const key = `${source.owner}/${file}`;
          const prior = done.get(key);
          if (prior !== undefined) {
            if (prior !== checksum) throw new Error(`migration ${key} changed after it was applied; add a new migration instead`);
            continue;
          }
          await query('begin');
          try {
            await runStatements(query, sql);
            await query('insert into core.schema_migrations (owner, name, checksum) values ($1, $2, $3)', [source.owner, file, checksum]);
            await query('commit');
          } catch (err) {
            await query('rollback');
            throw new Error(`migration ${key} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
          }
          applied.push({ owner: source.owner, name: file });
        }
      }
      return applied;
    } finally {
      await query('select pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  });
}

function listMigrations(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f))
    .sort();
}

/** Splits on `-- statement-break` markers (for bodies with semicolons, like functions) or runs whole. */
async function runStatements(query: (text: string, params?: unknown[]) => Promise<unknown>, sql: string): Promise<void> {
  for (const part of sql.split(/^--\s*statement-break\s*$/m)) {
    if (part.trim()) await query(part);
  }
}
