import { randomUUID } from 'node:crypto';
import { actorOf, coreErrors, recordAudit, type AuditActor, type Db, type LlmCallerCredential, type Platform } from '@tessera/core';
import { tradingErrors } from '../errors.ts';
import { assertBaseUrlAllowed } from './base-url-policy.ts';
import {
  deleteCredentialRow,
  findCredential,
  insertCredential,
  listCredentials,
  makeDefaultCredential,
  markCredentialUsed,
  type CredentialRow,
  type Provider,
} from './credential-repository.ts';

export { actorOf };

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
    const row = await insertCredential(tx, orgId, userId, {
      id,
      provider: input.provider,
      label: input.label,
      baseUrl: input.baseUrl ?? null,
      ciphertext,
      lastFour,
      defaultModel: input.defaultModel ?? null,
      fallbackModel: input.fallbackModel ?? null,
      isDefault: input.makeDefault ?? existing.length === 0,
      verification: check.status,
      verificationDetail: check.detail.slice(0, 300),
    });
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
    await markCredentialUsed(tx, c.id);
    await recordAudit(tx, orgId, actor, {
      action: 'trading.credential.use',
      targetType: 'credential',
      targetId: c.id,
      data: { provider: c.provider, purpose },
    });
  });
  return { provider: c.provider, apiKey, ...(c.base_url ? { baseUrl: c.base_url } : {}) };
}

/** Makes one of the user's credentials the default (optionally changing its models), audited. */
export async function setDefaultCredential(
  db: Db,
  orgId: string,
  userId: string,
  actor: AuditActor,
  id: string,
  models: { defaultModel?: string | undefined; fallbackModel?: string | null | undefined },
): Promise<CredentialRow> {
  const c = await findCredential(db, orgId, userId, id);
  if (!c) throw coreErrors.RESOURCE_NOT_FOUND();
  await db.transaction(async (tx) => {
    await makeDefaultCredential(tx, orgId, userId, c.id, models);
    await recordAudit(tx, orgId, actor, { action: 'trading.credential.default', targetType: 'credential', targetId: c.id, data: { ...models } });
  });
  return (await findCredential(db, orgId, userId, c.id))!;
}

/** Deletes (revokes) one of the user's credentials, audited with its masked form only. */
export async function deleteCredential(db: Db, orgId: string, userId: string, actor: AuditActor, id: string): Promise<void> {
  const c = await findCredential(db, orgId, userId, id);
  if (!c) throw coreErrors.RESOURCE_NOT_FOUND();
  await db.transaction(async (tx) => {
    await deleteCredentialRow(tx, orgId, c.id);
    await recordAudit(tx, orgId, actor, {
      action: 'trading.credential.delete',
      targetType: 'credential',
      targetId: c.id,
      data: { provider: c.provider, masked: mask(c.last_four) },
    });
  });
}
