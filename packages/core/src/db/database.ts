import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** Drizzle handle shared by both backends; a transaction is assignable to it too. */
export type Db = PgDatabase<PgQueryResultHKT>;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  db: Db;
  /** Parameterised SQL for migrations, tooling and hot paths that want no builder. */
  query<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs statements separated by `;` (migrations). */
  exec(text: string): Promise<void>;
  /** Holds one connection for `fn` (advisory locks, LISTEN). */
  withConnection<T>(fn: (query: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T>;
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  dataDir: string | null;
  poolSize?: number;
  /** A dump of a migrated database to start from (tests). */
  loadDataDir?: Blob;
}

/**
 * Each backend's driver is imported only when it is opened: a server on PostgreSQL never loads
 * PGlite's WebAssembly build and its JavaScript (megabytes of heap), and the embedded one never loads pg.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return (await import('./postgres-database.ts')).openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return (await import('./pglite-database.ts')).openPglite(options.dataDir, options.loadDataDir);
}
