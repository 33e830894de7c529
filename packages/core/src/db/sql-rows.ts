import type { SQL } from 'drizzle-orm';
import type { Db } from './database.ts';

/** Rows of a raw drizzle `sql` query on a db or transaction handle; both drivers answer `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const res: unknown = await db.execute(query);
  return (res as { rows: T[] }).rows;
}

/** The PostgreSQL error code (and constraint) behind an error, looking through driver and ORM wrappers. */
export function pgErrorOf(err: unknown): { code: string; constraint: string | null } | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      const constraint = (e as { constraint?: unknown }).constraint;
      return { code, constraint: typeof constraint === 'string' ? constraint : null };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
