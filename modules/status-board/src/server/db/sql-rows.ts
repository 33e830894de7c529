import type { SQL } from 'drizzle-orm';
import type { Db } from '@tessera/core';

/** Raw rows of a drizzle `sql` query; both drivers return `{ rows }`. */
export async function sqlRows<T>(db: Db, query: SQL): Promise<T[]> {
  const res: unknown = await db.execute(query);
  return (res as { rows: T[] }).rows;
}

/** The PostgreSQL error code and constraint of an error, looking through driver wrappers. */
export function pgError(err: unknown): { code: string; constraint: string | null } | null {
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

/** A real calendar date in YYYY-MM-DD (the schema pattern alone lets 2025-02-31 through). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 2200;
}
