// Raw-SQL rows and the PostgreSQL error code come from core, under this module's names.
export { queryRows as sqlRows, pgErrorOf as pgError } from '@tessera/core';

/** A real calendar date in YYYY-MM-DD (the schema pattern alone lets 2025-02-31 through). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 2200;
}
