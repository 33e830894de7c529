import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import { one, rows } from '../db/sql-rows.ts';

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

export interface CredentialInsert {
  id: string;
  provider: Provider;
  label: string;
  baseUrl: string | null;
  ciphertext: string;
  lastFour: string;
  defaultModel: string | null;
  fallbackModel: string | null;
  isDefault: boolean;
  verification: string;
  verificationDetail: string;
}

/** Inserts a credential; when it is the default, the user's other credentials stop being one. */
export async function insertCredential(db: Db, orgId: string, userId: string, c: CredentialInsert): Promise<CredentialRow> {
  if (c.isDefault) await db.execute(sql`update trading.credentials set is_default = false where org_id = ${orgId} and user_id = ${userId}`);
  return (await one<CredentialRow>(
    db,
    sql`insert into trading.credentials (id, org_id, user_id, provider, label, base_url, ciphertext, last_four, default_model, fallback_model, is_default, verification, verification_detail)
        values (${c.id}, ${orgId}, ${userId}, ${c.provider}, ${c.label}, ${c.baseUrl}, ${c.ciphertext}, ${c.lastFour}, ${c.defaultModel}, ${c.fallbackModel}, ${c.isDefault}, ${c.verification}, ${c.verificationDetail})
        returning ${COLS}`,
  ))!;
}

/** Makes `id` the user's only default credential and changes the models given (undefined = unchanged). */
export async function makeDefaultCredential(
  db: Db,
  orgId: string,
  userId: string,
  id: string,
  models: { defaultModel?: string | undefined; fallbackModel?: string | null | undefined },
): Promise<void> {
  await db.execute(sql`update trading.credentials set is_default = (id = ${id}) where org_id = ${orgId} and user_id = ${userId}`);
  if (models.defaultModel !== undefined) await db.execute(sql`update trading.credentials set default_model = ${models.defaultModel} where id = ${id}`);
  if (models.fallbackModel !== undefined) await db.execute(sql`update trading.credentials set fallback_model = ${models.fallbackModel} where id = ${id}`);
}

export async function deleteCredentialRow(db: Db, orgId: string, id: string): Promise<void> {
  await db.execute(sql`delete from trading.credentials where id = ${id} and org_id = ${orgId}`);
}

export async function markCredentialUsed(db: Db, id: string): Promise<void> {
  await db.execute(sql`update trading.credentials set last_used_at = now() where id = ${id}`);
}
