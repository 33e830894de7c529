import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';

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

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir, options.loadDataDir);
}

async function openPglite(dataDir: string | null, loadDataDir?: Blob): Promise<Database> {
  let dir: string | undefined;
  if (dataDir) {
    dir = `${dataDir}/pglite`;
    mkdirSync(dir, { recursive: true });
  }
  const client = new PGlite({ ...(dir ? { dataDir: dir } : {}), ...(loadDataDir ? { loadDataDir } : {}) });
  await client.waitReady;
  return wrapPglite(client);
}

/** Wraps an open PGlite instance (tests dump it as a migrated template). */
export function wrapPglite(client: PGlite): Database {
  const db = drizzlePglite({ client }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    query: async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
    exec: async (text) => {
      await client.exec(text);
    },
    // PGlite has a single connection; its own mutex serialises callers.
    withConnection: async (fn) =>
      fn(async (text, params = []) => {
        // The extended protocol takes one statement; parameterless text may hold several.
        if (params.length === 0) return (await client.exec(text)).at(-1)?.rows ?? [];
        return (await client.query<Record<string, unknown>>(text, params)).rows;
      }),
    listen: async (channel, onPayload) => {
      const unsub = await client.listen(channel, onPayload);
      return async () => {
        await unsub();
      };
    },
    ping: async () => {
      try {
        await client.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // Numeric and bigint columns come back as strings: money and quantities never pass through a float.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => {
    // An idle client died (server restart); the pool replaces it. Readiness reports the outage.
  });
  const db = drizzlePg({ client: pool }) as unknown as Db;
  const listeners: pg.Client[] = [];
  return {
    kind: 'postgres',
    db,
    query: async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => (await pool.query<T>(text, params)).rows,
    exec: async (text) => {
      await pool.query(text);
    },
    withConnection: async (fn) => {
      const conn = await pool.connect();
      try {
        return await fn(async (text, params = []) => (await conn.query<Record<string, unknown>>(text, params)).rows);
      } finally {
        conn.release();
      }
    },
    listen: async (channel, onPayload) => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {
        // Surfaced by the event bus reconnect loop; nothing to do here.
      });
      await client.connect();
      listeners.push(client);
      client.on('notification', (msg) => {
        if (msg.channel === channel && msg.payload !== undefined) onPayload(msg.payload);
      });
      await client.query(`LISTEN "${channel.replaceAll('"', '')}"`);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => undefined);
      };
    },
    ping: async () => {
      try {
        await pool.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      await Promise.all(listeners.map((c) => c.end().catch(() => undefined)));
      await pool.end();
    },
  };
}
