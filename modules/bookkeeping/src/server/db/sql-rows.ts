import type { SQL } from 'drizzle-orm';
import type { Db } from '@tessera/core';

/** Runs raw SQL on a db or transaction handle and returns its rows (both drivers answer `{ rows }`). */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export function toBigInt(v: unknown): bigint {
  return typeof v === 'bigint' ? v : BigInt(String(v));
}
