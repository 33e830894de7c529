import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { auditHeads, auditLog } from '../db/core-schema.ts';
import { GENESIS_HASH, hashAuditEntry } from './audit-canonical.ts';

export interface AuditActor {
  type: 'user' | 'api-key' | 'system';
  id: string | null;
}

export interface AuditEvent {
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  requestId?: string;
}

export type AuditRow = typeof auditLog.$inferSelect;

/**
 * Appends one entry to the organization's hash chain. Call it with the transaction that makes the
 * change, so the record and the change commit or roll back together. The head row lock
 * serialises appends per organization across server processes.
 */
export async function recordAudit(tx: Db, orgId: string, actor: AuditActor, event: AuditEvent): Promise<AuditRow> {
  await tx.insert(auditHeads).values({ orgId, lastSeq: 0, lastHash: GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.orgId, orgId)).for('update');
  if (!head) throw new Error('audit head missing after insert');
  const seq = head.lastSeq + 1;
  const at = new Date();
  const data = JSON.parse(JSON.stringify(event.data ?? {})) as Record<string, unknown>;
  const content = {
    orgId,
    seq,
    at,
    actorType: actor.type,
    actorId: actor.id,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    data,
    prevHash: head.lastHash,
  };
  const hash = hashAuditEntry(content);
  const [row] = await tx
    .insert(auditLog)
    .values({ ...content, requestId: event.requestId ?? null, hash })
    .returning();
  await tx.update(auditHeads).set({ lastSeq: seq, lastHash: hash }).where(eq(auditHeads.orgId, orgId));
  if (!row) throw new Error('audit insert returned nothing');
  return row;
}

export interface ChainVerification {
  valid: boolean;
  entriesChecked: number;
  firstBreakAt: number | null;
  errors: { seq: number; reason: string }[];
  durationMs: number;
}

/** Walks the chain in pages, recomputing each hash and link; names every entry that does not fit. */
export async function verifyAuditChain(db: Db, orgId: string): Promise<ChainVerification> {
  const started = performance.now();
  const errors: { seq: number; reason: string }[] = [];
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let after = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), gt(auditLog.seq, after)))
      .orderBy(asc(auditLog.seq))
      .limit(1000);
    for (const row of page) {
      checked++;
      if (row.seq !== expectedSeq) errors.push({ seq: row.seq, reason: `sequence gap: expected ${expectedSeq}` });
      if (row.prevHash !== prevHash) errors.push({ seq: row.seq, reason: 'previous-hash link does not match the entry before it' });
      const recomputed = hashAuditEntry({ ...row, data: row.data });
      if (recomputed !== row.hash) errors.push({ seq: row.seq, reason: 'content does not match its hash (entry was modified)' });
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
      after = row.seq;
    }
    if (page.length < 1000) break;
  }
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.orgId, orgId));
  if (head && head.lastSeq !== expectedSeq - 1) errors.push({ seq: head.lastSeq, reason: 'entries after the last one found are missing (truncated chain)' });
  const firstBreakAt = errors.length ? Math.min(...errors.map((e) => e.seq)) : null;
  return { valid: errors.length === 0, entriesChecked: checked, firstBreakAt, errors, durationMs: Math.round((performance.now() - started) * 100) / 100 };
}

export async function listAudit(db: Db, orgId: string, options: { afterSeq?: number; limit: number; action?: string }): Promise<AuditRow[]> {
  const conditions = [eq(auditLog.orgId, orgId), gt(auditLog.seq, options.afterSeq ?? 0)];
  if (options.action) conditions.push(eq(auditLog.action, options.action));
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(asc(auditLog.seq))
    .limit(options.limit);
}
