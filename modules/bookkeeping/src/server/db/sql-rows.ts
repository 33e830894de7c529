import type { SQL } from 'drizzle-orm';
import type { Db } from '@tessera/core';

/** Runs raw SQL on a db or transaction handle and returns its rows (both drivers answer `{ rows }`). */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const res: unknown = await db.execute(query);
  return (res as { rows: T[] }).rows;
}

export function toBigInt(v: unknown): bigint {
  return typeof v === 'bigint' ? v : BigInt(String(v));
}
