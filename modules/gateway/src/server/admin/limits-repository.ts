import { sql } from 'drizzle-orm';
import type { Database, Db } from '@tessera/core';
import { rowsOf } from '../wallet/wallet-repository.ts';

export interface OrgLimitsRow extends Record<string, unknown> {
  ip_rpm: number | null;
  ip_tpm: number | null;
}

export async function getOrgLimits(database: Database, orgId: string): Promise<OrgLimitsRow> {
  const rows = await database.query<OrgLimitsRow>('select ip_rpm, ip_tpm from gateway.org_limits where org_id = $1', [orgId]);
  return rows[0] ?? { ip_rpm: null, ip_tpm: null };
}

export async function putOrgLimits(tx: Db, orgId: string, ipRpm: number | null, ipTpm: number | null): Promise<OrgLimitsRow> {
  const res = await tx.execute(sql`insert into gateway.org_limits (org_id, ip_rpm, ip_tpm) values (${orgId}, ${ipRpm}, ${ipTpm})
    on conflict (org_id) do update set ip_rpm = excluded.ip_rpm, ip_tpm = excluded.ip_tpm, updated_at = now() returning ip_rpm, ip_tpm`);
  return rowsOf<OrgLimitsRow>(res)[0] ?? { ip_rpm: ipRpm, ip_tpm: ipTpm };
}
