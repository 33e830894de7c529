import { sql } from 'drizzle-orm';
import { coreErrors, recordAudit, type AuditActor, type Db } from '@tessera/core';
import type { DuplicateDecision } from '../../contracts/index.ts';
import { rows } from '../db/sql-rows.ts';
import { bookkeepingErrors } from '../errors.ts';

/**
 * Settles a line the import flagged as a possible duplicate. Discard: the line leaves the queue
 * and the books for good (nothing was posted for it; it stays stored so a later import of the same
 * statement still finds it). Keep: the flag is cleared and the line is reviewed like any other.
 */
export async function settlePossibleDuplicate(
  db: Db,
  orgId: string,
  actor: AuditActor,
  lineId: string,
  decision: 'keep' | 'discard',
): Promise<DuplicateDecision> {
  return db.transaction(async (tx) => {
    const [line] = await rows<{ id: string; companyId: string; status: string; duplicateOf: string | null }>(
      tx,
      sql`select id, company_id as "companyId", status, duplicate_of as "duplicateOf" from bookkeeping.bank_lines where org_id = ${orgId} and id = ${lineId} for update`,
    );
    if (!line) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No such bank line.' });
    if (line.status !== 'review' || !line.duplicateOf) throw bookkeepingErrors.BOOKKEEPING_NOT_A_POSSIBLE_DUPLICATE();
    const status = decision === 'discard' ? 'discarded' : 'review';
    if (decision === 'discard') await tx.execute(sql`update bookkeeping.bank_lines set status = 'discarded', reviewed_at = now() where id = ${lineId}`);
    else await tx.execute(sql`update bookkeeping.bank_lines set duplicate_of = null where id = ${lineId}`);
    await recordAudit(tx, orgId, actor, {
      action: `bookkeeping.line.${decision}`,
      targetType: 'bookkeeping.bank_line',
      targetId: lineId,
      data: { companyId: line.companyId, duplicateOf: line.duplicateOf },
    });
    return { lineId, decision, duplicateOf: line.duplicateOf, status };
  });
}
