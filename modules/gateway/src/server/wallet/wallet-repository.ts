import { sql } from 'drizzle-orm';
import type { Database, Db } from '@tessera/core';

export interface WalletRow extends Record<string, unknown> {
  id: string;
  scope_type: 'org' | 'team' | 'key';
  scope_id: string;
  balance_micros: string;
  reserved_micros: string;
  created_at: string;
}

export interface Settlement {
  orgId: string;
  walletIds: string[];
  reservedMicros: number;
  chargeMicros: number;
  requestId: string;
}

/**
 * The one synchronous write of a request: all wallets or none, in a single statement. Its commit
 * does not wait for the WAL flush (synchronous_commit off for this transaction only): a crash can
 * lose at most the last moment of holds, which only ever frees money that settlement then charges
 * anyway, while waiting for fsync would put a disk flush on every request.
 */
export async function reserveFunds(database: Database, walletIds: string[], amount: number): Promise<boolean> {
  const rows = await database.query<{ ok: boolean }>(
    "select set_config('synchronous_commit', 'off', true) as s, gateway.reserve($1::uuid[], $2::bigint) as ok",
    [`{${walletIds.join(',')}}`, amount],
  );
  return rows[0]?.ok === true;
}

/** Applies many settlements in one transaction: release reservations, charge balances, append ledger rows. */
const LEDGER_ROWS_PER_STATEMENT = 400;

export async function applySettlements(tx: Db, settlements: Settlement[]): Promise<void> {
  const perWallet = new Map<string, { release: number; charge: number }>();
  const ledger: { org_id: string; wallet_id: string; amount: number; request_id: string }[] = [];
  for (const s of settlements) {
    for (const id of s.walletIds) {
      const w = perWallet.get(id) ?? { release: 0, charge: 0 };
      w.release += s.reservedMicros;
      w.charge += s.chargeMicros;
      perWallet.set(id, w);
      if (s.chargeMicros > 0) ledger.push({ org_id: s.orgId, wallet_id: id, amount: -s.chargeMicros, request_id: s.requestId });
    }
  }
  if (perWallet.size === 0) return;
  const updates = JSON.stringify([...perWallet].map(([id, w]) => ({ id, release: w.release, charge: w.charge })));
  await tx.execute(sql`update gateway.wallets w set reserved_micros = greatest(0, w.reserved_micros - u.release), balance_micros = w.balance_micros - u.charge
    from jsonb_to_recordset(${updates}::jsonb) as u(id uuid, release bigint, charge bigint) where w.id = u.id`);
  // In slices well under V8's 128 KB large-object threshold, like the request logs (usage-buffer.ts).
  for (let at = 0; at < ledger.length; at += LEDGER_ROWS_PER_STATEMENT) {
    const rows = JSON.stringify(ledger.slice(at, at + LEDGER_ROWS_PER_STATEMENT));
    await tx.execute(sql`insert into gateway.wallet_ledger (org_id, wallet_id, kind, amount_micros, request_id)
      select l.org_id, l.wallet_id, 'charge', l.amount, l.request_id from jsonb_to_recordset(${rows}::jsonb) as l(org_id uuid, wallet_id uuid, amount bigint, request_id text)
      where exists (select 1 from gateway.wallets w where w.id = l.wallet_id)`);
  }
}

export async function createWallet(tx: Db, orgId: string, scopeType: string, scopeId: string): Promise<WalletRow> {
  const res = await tx.execute(
    sql`insert into gateway.wallets (org_id, scope_type, scope_id) values (${orgId}, ${scopeType}, ${scopeId}) returning id, scope_type, scope_id, balance_micros::text, reserved_micros::text, created_at`,
  );
  return rowsOf<WalletRow>(res)[0] as WalletRow;
}

export async function topUpWallet(
  tx: Db,
  orgId: string,
  walletId: string,
  amount: number,
  kind: 'topup' | 'adjustment',
  note: string | null,
): Promise<WalletRow | null> {
  const res = await tx.execute(
    sql`update gateway.wallets set balance_micros = balance_micros + ${amount} where org_id = ${orgId} and id = ${walletId} returning id, scope_type, scope_id, balance_micros::text, reserved_micros::text, created_at`,
  );
  const row = rowsOf<WalletRow>(res)[0];
  if (!row) return null;
  await tx.execute(
    sql`insert into gateway.wallet_ledger (org_id, wallet_id, kind, amount_micros, note) values (${orgId}, ${walletId}, ${kind}, ${amount}, ${note})`,
  );
  return row;
}

export async function listWallets(database: Database, orgId: string): Promise<WalletRow[]> {
  return database.query<WalletRow>(
    'select id, scope_type, scope_id, balance_micros::text, reserved_micros::text, created_at from gateway.wallets where org_id = $1 order by scope_type, created_at',
    [orgId],
  );
}

export async function findWallet(database: Database, orgId: string, walletId: string): Promise<WalletRow | null> {
  const rows = await database.query<WalletRow>(
    'select id, scope_type, scope_id, balance_micros::text, reserved_micros::text, created_at from gateway.wallets where org_id = $1 and id = $2',
    [orgId, walletId],
  );
  return rows[0] ?? null;
}

export async function listLedger(database: Database, orgId: string, walletId: string, limit: number) {
  return database.query<{ id: string; kind: string; amount_micros: string; request_id: string | null; note: string | null; created_at: string }>(
    // Qualified: a bare `id` would order by the text output column ("9" above "10").
    'select l.id::text as id, l.kind, l.amount_micros::text as amount_micros, l.request_id, l.note, l.created_at from gateway.wallet_ledger l where l.org_id = $1 and l.wallet_id = $2 order by l.id desc limit $3',
    [orgId, walletId, limit],
  );
}

export async function ledgerSum(database: Database, orgId: string, walletId: string): Promise<bigint> {
  const rows = await database.query<{ s: string }>(
    'select coalesce(sum(amount_micros), 0)::text as s from gateway.wallet_ledger where org_id = $1 and wallet_id = $2',
    [orgId, walletId],
  );
  return BigInt(rows[0]?.s ?? '0');
}

export function rowsOf<T>(res: unknown): T[] {
  if (Array.isArray(res)) return res as T[];
  return (res as { rows?: T[] }).rows ?? [];
}

export async function listWalletsByIds(database: Database, orgId: string, ids: string[]): Promise<WalletRow[]> {
  if (!ids.length) return [];
  return database.query<WalletRow>(
    'select id, scope_type, scope_id, balance_micros::text, reserved_micros::text, created_at from gateway.wallets where org_id = $1 and id = any($2::uuid[])',
    [orgId, `{${ids.join(',')}}`],
  );
}
