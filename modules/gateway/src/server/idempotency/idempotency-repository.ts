import type { Database } from '@tessera/core';

export interface StoredAnswer {
  request_hash: string;
  state: 'pending' | 'done';
  status: number | null;
  response: string | null;
  headers: Record<string, string> | null;
}

// A pending claim older than the longest provider call belongs to a process that died: it may be taken over.
const STALE_PENDING = "interval '15 minutes'";
export const KEEP_ANSWERS = "interval '24 hours'";

/**
 * Claims the key in one statement: inserts a pending row, or takes over an expired answer or a
 * stale claim. True when this caller now owns the key.
 */
export async function claimKey(database: Database, orgId: string, caller: string, key: string, hash: string): Promise<boolean> {
  const rows = await database.query<{ claimed: boolean }>(
    `insert into gateway.idempotent_requests as r (org_id, caller, key, request_hash, state) values ($1, $2, $3, $4, 'pending')
     on conflict (org_id, caller, key) do update set request_hash = excluded.request_hash, state = 'pending', status = null, response = null, headers = null, created_at = now()
       where r.created_at < now() - case when r.state = 'pending' then ${STALE_PENDING} else ${KEEP_ANSWERS} end
     returning true as claimed`,
    [orgId, caller, key, hash],
  );
  return rows.length > 0;
}

export async function findAnswer(database: Database, orgId: string, caller: string, key: string): Promise<StoredAnswer | null> {
  const rows = await database.query<StoredAnswer & Record<string, unknown>>(
    'select request_hash, state, status, response, headers from gateway.idempotent_requests where org_id = $1 and caller = $2 and key = $3',
    [orgId, caller, key],
  );
  return rows[0] ?? null;
}

export async function storeAnswer(
  database: Database,
  orgId: string,
  caller: string,
  key: string,
  answer: { status: number; response: string; headers: Record<string, string> },
): Promise<void> {
  await database.query(
    `update gateway.idempotent_requests set state = 'done', status = $4, response = $5, headers = $6::jsonb
     where org_id = $1 and caller = $2 and key = $3 and state = 'pending'`,
    [orgId, caller, key, answer.status, answer.response, JSON.stringify(answer.headers)],
  );
}

export async function releaseKey(database: Database, orgId: string, caller: string, key: string): Promise<void> {
  await database.query(`delete from gateway.idempotent_requests where org_id = $1 and caller = $2 and key = $3 and state = 'pending'`, [orgId, caller, key]);
}

export async function purgeExpiredAnswers(database: Database): Promise<void> {
  await database.query(`delete from gateway.idempotent_requests where created_at < now() - ${KEEP_ANSWERS}`);
}
