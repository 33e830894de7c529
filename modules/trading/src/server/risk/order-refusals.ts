import { AppError, isAppError, recordAudit, type AuditActor, type Db } from '@tessera/core';
import { insertRejectedOrder, type OrderDraft } from './risk-repository.ts';

/** Errors raised by the pre-trade check (or its fail-closed guard), with the order they refused. */
const refusals = new WeakMap<Error, OrderDraft>();

/** Marks `err` as the check's refusal of `draft`; the caller's wrapper stores it as a rejected order. */
export function markRefusal(err: unknown, draft: OrderDraft): unknown {
  if (err instanceof Error) refusals.set(err, draft);
  return err;
}

function reasonsOf(err: AppError): string[] {
  const d = err.details as { reasons?: unknown; cause?: unknown } | undefined;
  if (Array.isArray(d?.reasons)) return d.reasons.filter((r): r is string => typeof r === 'string');
  return [typeof d?.cause === 'string' ? `${err.message} (${d.cause})` : err.message];
}

/**
 * Runs `work` (which opens its own transaction and so rolls back entirely when the check refuses)
 * and, when the pre-trade check refused an order, records that order as `rejected` with its code
 * and reasons in a transaction of its own, audited. The refusal still answers its 4xx/503, now
 * with `details.orderId`. A rejected order reserves nothing and never counts as open, so
 * recording it after the risk-row lock is released cannot loosen any limit.
 */
export async function withRefusalRecord<T>(db: Db, orgId: string, userId: string, actor: AuditActor, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const draft = err instanceof Error ? refusals.get(err) : undefined;
    if (!draft || !isAppError(err)) throw err;
    let orderId: string;
    try {
      orderId = await db.transaction(async (tx) => {
        const row = await insertRejectedOrder(tx, orgId, userId, draft, err.code, reasonsOf(err));
        await recordAudit(tx, orgId, actor, {
          action: 'trading.order.reject',
          targetType: 'order',
          targetId: row.id,
          data: { code: err.code, asset: draft.asset, side: draft.side, quantity: draft.quantity, source: draft.source },
        });
        return row.id;
      });
    } catch {
      // Failing to record must not turn a refusal into an acceptance or hide its code.
      throw err;
    }
    const details = typeof err.details === 'object' && err.details !== null ? err.details : {};
    throw new AppError(err.code, { message: err.message, details: { ...details, orderId }, headers: err.headers, cause: err });
  }
}
