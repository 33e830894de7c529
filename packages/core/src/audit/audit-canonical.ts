import { createHash } from 'node:crypto';

export interface AuditEntryContent {
  orgId: string;
  seq: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
  prevHash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: keys sorted at every depth, no whitespace, timestamps as ISO-8601 UTC with
 * millisecond precision (what JavaScript keeps), so an entry read back from the database hashes
 * to the same value it was written with.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  return JSON.stringify(value);
}

export function truncateToMillis(date: Date): Date {
  return new Date(Math.floor(date.getTime()));
}

export function hashAuditEntry(entry: AuditEntryContent): string {
  const canonical = canonicalJson({
    orgId: entry.orgId,
    seq: entry.seq,
    at: truncateToMillis(entry.at),
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    data: entry.data,
    prevHash: entry.prevHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
