import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { idempotencyKeys } from '../db/core-schema.ts';
import { coreErrors } from '../errors/core-errors.ts';
import { canonicalJson } from '../audit/audit-canonical.ts';

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Runs `create` once per (organization, Idempotency-Key). The key row is inserted in the same
 * transaction as the created record, so a crash leaves neither; a retry with the same key and
 * body returns the first answer; the same key with another body is refused.
 * `create` receives the transaction and must do all its writes through it.
 */
export async function runIdempotent<T>(
  db: Db,
  orgId: string,
  key: string | undefined,
  scope: string,
  request: unknown,
  create: (tx: Db) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  if (!key) {
    const out = await db.transaction((tx) => create(tx));
    return { ...out, replayed: false };
  }
  if (key.length > 200) throw coreErrors.VALIDATION_FAILED({ message: 'Idempotency-Key is longer than 200 characters.' });
  const fullKey = `${scope}:${key}`;
  const requestHash = createHash('sha256').update(canonicalJson(request)).digest('hex');
  const findPrior = async () => {
    const [prior] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.orgId, orgId), eq(idempotencyKeys.key, fullKey)));
    return prior;
  };
  const prior = await findPrior();
  if (prior) {
    if (prior.requestHash !== requestHash) throw coreErrors.IDEMPOTENCY_KEY_REUSED();
    return { status: prior.statusCode ?? 200, body: prior.response as T, replayed: true };
  }
  try {
    const out = await db.transaction(async (tx) => {
      await tx.insert(idempotencyKeys).values({ orgId, key: fullKey, requestHash });
      const result = await create(tx);
      await tx
        .update(idempotencyKeys)
        .set({ statusCode: result.status, response: result.body })
        .where(and(eq(idempotencyKeys.orgId, orgId), eq(idempotencyKeys.key, fullKey)));
      return result;
    });
    return { ...out, replayed: false };
  } catch (err) {
    // A concurrent request with the same key won the insert: answer with its result.
    const winner = await findPrior();
    if (winner && winner.response !== null) {
      if (winner.requestHash !== requestHash) throw coreErrors.IDEMPOTENCY_KEY_REUSED();
      return { status: winner.statusCode ?? 200, body: winner.response as T, replayed: true };
    }
    throw err;
  }
}
