// Raw-SQL rows come from core; `rows` is this module's name for it.
export { queryRows as rows } from '@tessera/core';

export function toBigInt(v: unknown): bigint {
  return typeof v === 'bigint' ? v : BigInt(String(v));
}
