import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Database, Db } from './database.ts';

export async function openPostgres(url: string, poolSize: number): Promise<Database> {
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
