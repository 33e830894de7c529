import type { SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@tessera/core';

// Raw-SQL rows come from core; `rows` is this module's name for it.
export { queryRows as rows } from '@tessera/core';

export async function one<T>(db: Db, query: SQL): Promise<T | undefined> {
  return (await queryRows<T>(db, query))[0];
}
