import { createHash } from 'node:crypto';
import { canonicalJson, coreErrors, type Database } from '@tessera/core';
import { gatewayErrors } from '../errors.ts';
import { claimKey, findAnswer, releaseKey, storeAnswer } from './idempotency-repository.ts';

/** A finished answer as it went out: what a replay sends again. */
export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

const KEY_SHAPE = /^[\x21-\x7e]{1,200}$/;

/** The Idempotency-Key header, validated; null when absent (then no database work at all). */
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (typeof header !== 'string' || !KEY_SHAPE.test(header))
    throw gatewayErrors.GATEWAY_IDEMPOTENCY_KEY_INVALID({ message: 'Idempotency-Key must be 1 to 200 visible ASCII characters, sent once.' });
  return header;
}

/**
 * Runs `call` at most once per (organization, caller, key) within 24 hours. The key is claimed in
 * one statement before the provider call and no transaction is held across it; the answer is
 * stored after it. A retry with the same body replays the stored answer and charges nothing; the
 * same key with another body or endpoint is refused (422); a duplicate that arrives while the
 * first is still running gets 409 and Retry-After instead of a second provider call. A call that
 * fails frees its key, so the client may retry it.
 */
export async function idempotentCall(
  database: Database,
  scope: { orgId: string; caller: string; key: string; endpoint: string },
  request: unknown,
  call: () => Promise<Answer>,
  onStoreFailure: (err: unknown) => void,
): Promise<Answer & { replayed: boolean }> {
  const { orgId, caller, key } = scope;
  const hash = createHash('sha256').update(scope.endpoint).update('\n').update(canonicalJson(request)).digest('hex');
  // Two rounds: a key freed by a failed first call between our claim and our read is claimed again.
  for (let round = 0; round < 2; round++) {
    if (await claimKey(database, orgId, caller, key, hash)) {
      let answer: Answer;
      try {
        answer = await call();
      } catch (err) {
        await releaseKey(database, orgId, caller, key);
        throw err;
      }
      try {
        await storeAnswer(database, orgId, caller, key, { status: answer.status, response: answer.body, headers: answer.headers });
      } catch (err) {
        // The call ran and was charged: answer it. The claim stays pending, so a retry gets 409
        // (never a second charge) until the claim goes stale.
        onStoreFailure(err);
      }
      return { ...answer, replayed: false };
    }
    const prior = await findAnswer(database, orgId, caller, key);
    if (!prior) continue;
    if (prior.request_hash !== hash) throw coreErrors.IDEMPOTENCY_KEY_REUSED();
    if (prior.state === 'pending' || prior.response === null) throw gatewayErrors.GATEWAY_IDEMPOTENCY_IN_PROGRESS({ headers: { 'retry-after': '1' } });
    return { status: prior.status ?? 200, body: prior.response, headers: prior.headers ?? {}, replayed: true };
  }
  throw gatewayErrors.GATEWAY_IDEMPOTENCY_IN_PROGRESS({ headers: { 'retry-after': '1' } });
}
