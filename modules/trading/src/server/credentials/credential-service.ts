import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { actorOf, coreErrors, recordAudit, type AuditActor, type Db, type LlmCallerCredential, type Platform } from '@tessera/core';
import { one, rows } from '../db/sql-rows.ts';
import { tradingErrors } from '../errors.ts';
import { assertBaseUrlAllowed } from './base-url-policy.ts';

export { actorOf };

export type Provider = 'openai' | 'anthropic' | 'gemini' | 'openai-compatible';

export interface CredentialRow {
  id: string;
  user_id: string;
  provider: Provider;
  label: string;
  base_url: string | null;
  ciphertext: string;
  last_four: string;
  default_model: string | null;
  fallback_model: string | null;
  is_default: boolean;
  verification: string;
  verification_detail: string | null;
  created_at: string;
  last_used_at: string | null;
}

/** Binds a ciphertext to its owner, provider and row: copied elsewhere, it no longer decrypts. */
export function credentialAad(userId: string, provider: string, id: string): string {
  return `trading:credential:${userId}:${provider}:${id}`;
}

export const CREDENTIAL_AAD_SQL = `'trading:credential:' || user_id::text || ':' || provider || ':' || id::text`;

export function mask(lastFour: string): string {
  return `••••${lastFour}`;
}

export function credentialView(c: CredentialRow) {
  return {
    id: c.id,
    provider: c.provider,
    label: c.label,
    baseUrl: c.base_url,
    masked: mask(c.last_four),
    defaultModel: c.default_model,
    fallbackModel: c.fallback_model,
    isDefault: c.is_default,
    verification: c.verification,
    verificationDetail: c.verification_detail,
    createdAt: new Date(c.created_at).toISOString(),
    lastUsedAt: c.last_used_at ? new Date(c.last_used_at).toISOString() : null,
  };
}

const COLS = sql`id, user_id, provider, label, base_url, ciphertext, last_four, default_model, fallback_model, is_default, verification, verification_detail, created_at::text, last_used_at::text`;

export async function listCredentials(db: Db, orgId: string, userId: string): Promise<CredentialRow[]> {
  return rows<CredentialRow>(db, sql`select ${COLS} from trading.credentials where org_id = ${orgId} and user_id = ${userId} order by created_at`);
}

export async function findCredential(db: Db, orgId: string, userId: string, id: string): Promise<CredentialRow | undefined> {
  return one<CredentialRow>(db, sql`select ${COLS} from trading.credentials where org_id = ${orgId} and user_id = ${userId} and id = ${id}`);
}

export async function defaultCredential(db: Db, orgId: string, userId: string): Promise<CredentialRow | undefined> {
  return one<CredentialRow>(
    db,
    sql`select ${COLS} from trading.credentials where org_id = ${orgId} and user_id = ${userId} and is_default order by created_at desc limit 1`,
  );
}

export interface NewCredential {
  provider: Provider;
  label: string;
  apiKey: string;
  baseUrl?: string | undefined;
  defaultModel?: string | undefined;
  fallbackModel?: string | undefined;
  makeDefault?: boolean | undefined;
  /** Keep a key the provider rate-limited during the check (it is stored as rate_limited). */
  acceptRateLimited?: boolean | undefined;
}

/**
 * Verifies with the provider (through the gateway) before anything is stored, outside any
 * transaction: invalid keys are refused, rate-limited ones refused unless the caller accepts them,
 * keys that could not be checked are stored as unverified. Then encrypts with AAD and saves.
 */
export async function saveCredential(platform: Platform, orgId: string, userId: string, actor: AuditActor, input: NewCredential): Promise<CredentialRow> {
  if (input.provider === 'openai-compatible' && !input.baseUrl)
    throw coreErrors.VALIDATION_FAILED({ message: 'An openai-compatible credential needs baseUrl.' });
  if (input.baseUrl) await assertBaseUrlAllowed(input.baseUrl);
  const cred: LlmCallerCredential = { provider: input.provider, apiKey: input.apiKey, ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}) };
  const llm = platform.llm.get();
  const check = llm
    ? await llm.verifyCredential(orgId, cred)
    : { status: 'unverified' as const, detail: 'the gateway is not enabled, so the key could not be checked' };
  if (check.status === 'invalid') throw tradingErrors.TRADING_CREDENTIAL_INVALID({ details: { detail: check.detail } });
  if (check.status === 'rate_limited' && !input.acceptRateLimited) throw tradingErrors.TRADING_CREDENTIAL_RATE_LIMITED({ details: { detail: check.detail } });
  const id = randomUUID();
  const ciphertext = platform.secrets.encrypt(input.apiKey, credentialAad(userId, input.provider, id));
  const lastFour = input.apiKey.slice(-4);
  return platform.database.db.transaction(async (tx) => {
    const existing = await listCredentials(tx, orgId, userId);
    const makeDefault = input.makeDefault ?? existing.length === 0;
    if (makeDefault) await tx.execute(sql`update trading.credentials set is_default = false where org_id = ${orgId} and user_id = ${userId}`);
    const row = (await one<CredentialRow>(
      tx,
      sql`insert into trading.credentials (id, org_id, user_id, provider, label, base_url, ciphertext, last_four, default_model, fallback_model, is_default, verification, verification_detail)
          values (${id}, ${orgId}, ${userId}, ${input.provider}, ${input.label}, ${input.baseUrl ?? null}, ${ciphertext}, ${lastFour}, ${input.defaultModel ?? null}, ${input.fallbackModel ?? null}, ${makeDefault}, ${check.status}, ${check.detail.slice(0, 300)})
          returning ${COLS}`,
    ))!;
    await recordAudit(tx, orgId, actor, {
      action: 'trading.credential.create',
      targetType: 'credential',
      targetId: id,
      data: { provider: input.provider, masked: mask(lastFour), verification: check.status },
    });
    return row;
  });
}

/** Decrypts for one model call and records the use; the plaintext never leaves this call chain. */
export async function useCredential(platform: Platform, orgId: string, c: CredentialRow, actor: AuditActor, purpose: string): Promise<LlmCallerCredential> {
  const apiKey = platform.secrets.decrypt(c.ciphertext, credentialAad(c.user_id, c.provider, c.id));
  await platform.database.db.transaction(async (tx) => {
    await tx.execute(sql`update trading.credentials set last_used_at = now() where id = ${c.id}`);
    await recordAudit(tx, orgId, actor, {
      action: 'trading.credential.use',
      targetType: 'credential',
      targetId: c.id,
      data: { provider: c.provider, purpose },
    });
  });
  return { provider: c.provider, apiKey, ...(c.base_url ? { baseUrl: c.base_url } : {}) };
}
