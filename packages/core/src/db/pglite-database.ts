import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { Database, Db } from './database.ts';

export async function openPglite(dataDir: string | null, loadDataDir?: Blob): Promise<Database> {
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
