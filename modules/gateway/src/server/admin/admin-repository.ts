import { sql } from 'drizzle-orm';
import type { Database, Db } from '@tessera/core';
import { rowsOf } from '../wallet/wallet-repository.ts';

export interface ProviderView extends Record<string, unknown> {
  id: string;
  name: string;
  kind: string;
  base_url: string | null;
  has_credential: boolean;
  config: Record<string, unknown>;
  enabled: boolean;
  created_at: string;
}

const PROVIDER_COLS = sql`id, name, kind, base_url, credential is not null as has_credential, config, enabled, created_at`;

export async function listProviders(database: Database, orgId: string): Promise<ProviderView[]> {
  return database.query<ProviderView>(
    'select id, name, kind, base_url, credential is not null as has_credential, config, enabled, created_at from gateway.providers where org_id = $1 order by created_at, name',
    [orgId],
  );
}

export async function insertProvider(
  tx: Db,
  orgId: string,
  p: { id: string; name: string; kind: string; baseUrl: string | null; credential: string | null; config: unknown; enabled: boolean },
): Promise<ProviderView> {
  const res = await tx.execute(
    sql`insert into gateway.providers (id, org_id, name, kind, base_url, credential, config, enabled) values (${p.id}, ${orgId}, ${p.name}, ${p.kind}, ${p.baseUrl}, ${p.credential}, ${JSON.stringify(p.config)}::jsonb, ${p.enabled}) returning ${PROVIDER_COLS}`,
  );
  return rowsOf<ProviderView>(res)[0] as ProviderView;
}

export async function updateProvider(
  tx: Db,
  orgId: string,
  id: string,
  p: { baseUrl?: string | null; credential?: string | null; config?: unknown; enabled?: boolean },
): Promise<ProviderView | null> {
  const res = await tx.execute(sql`update gateway.providers set
      base_url = case when ${p.baseUrl !== undefined} then ${p.baseUrl ?? null} else base_url end,
      credential = case when ${p.credential !== undefined} then ${p.credential ?? null} else credential end,
      config = case when ${p.config !== undefined} then ${JSON.stringify(p.config ?? {})}::jsonb else config end,
      enabled = coalesce(${p.enabled ?? null}::boolean, enabled)
    where org_id = ${orgId} and id = ${id} returning ${PROVIDER_COLS}`);
  return rowsOf<ProviderView>(res)[0] ?? null;
}

export async function deleteRow(tx: Db, table: 'providers' | 'routes' | 'teams', orgId: string, id: string): Promise<boolean> {
  const res = await tx.execute(sql`delete from ${sql.raw(`gateway.${table}`)} where org_id = ${orgId} and id = ${id} returning id`);
  return rowsOf(res).length > 0;
}

export async function listRoutes(database: Database, orgId: string) {
  return database.query(
    'select id, name, priority, match, targets, retries, timeout_ms, enabled, created_at from gateway.routes where org_id = $1 order by priority, name',
    [orgId],
  );
}

export async function upsertRoute(
  tx: Db,
  orgId: string,
  r: { id: string; name: string; priority: number; match: unknown; targets: unknown; retries: number; timeoutMs: number; enabled: boolean },
) {
  const res = await tx.execute(sql`insert into gateway.routes (id, org_id, name, priority, match, targets, retries, timeout_ms, enabled)
    values (${r.id}, ${orgId}, ${r.name}, ${r.priority}, ${JSON.stringify(r.match)}::jsonb, ${JSON.stringify(r.targets)}::jsonb, ${r.retries}, ${r.timeoutMs}, ${r.enabled})
    on conflict (id) do update set name = excluded.name, priority = excluded.priority, match = excluded.match, targets = excluded.targets, retries = excluded.retries, timeout_ms = excluded.timeout_ms, enabled = excluded.enabled
    where gateway.routes.org_id = ${orgId}
    returning id, name, priority, match, targets, retries, timeout_ms, enabled, created_at`);
  return rowsOf<Record<string, unknown>>(res)[0] ?? null;
}

export async function listAliases(database: Database, orgId: string) {
  return database.query<{ alias: string; target: string }>('select alias, target from gateway.aliases where org_id = $1 order by alias', [orgId]);
}

export async function putAlias(tx: Db, orgId: string, alias: string, target: string | null): Promise<void> {
  if (target === null) await tx.execute(sql`delete from gateway.aliases where org_id = ${orgId} and alias = ${alias}`);
  else
    await tx.execute(
      sql`insert into gateway.aliases (org_id, alias, target) values (${orgId}, ${alias}, ${target}) on conflict (org_id, alias) do update set target = excluded.target`,
    );
}

export async function listOrgPrices(database: Database, orgId: string) {
  return database.query<{ model: string; input_micros_per_m: string; output_micros_per_m: string }>(
    'select model, input_micros_per_m::text, output_micros_per_m::text from gateway.prices where org_id = $1 order by model',
    [orgId],
  );
}

export async function putPrice(tx: Db, orgId: string, model: string, input: number, output: number): Promise<void> {
  await tx.execute(sql`insert into gateway.prices (org_id, model, input_micros_per_m, output_micros_per_m) values (${orgId}, ${model}, ${input}, ${output})
    on conflict (org_id, model) do update set input_micros_per_m = excluded.input_micros_per_m, output_micros_per_m = excluded.output_micros_per_m, updated_at = now()`);
}

export async function listTeams(database: Database, orgId: string) {
  return database.query<{ id: string; name: string; created_at: string }>('select id, name, created_at from gateway.teams where org_id = $1 order by name', [
    orgId,
  ]);
}

export async function insertTeam(tx: Db, orgId: string, name: string) {
  const res = await tx.execute(sql`insert into gateway.teams (org_id, name) values (${orgId}, ${name}) returning id, name, created_at`);
  return rowsOf<{ id: string; name: string; created_at: string }>(res)[0];
}

export async function findApiKey(database: Database, orgId: string, apiKeyId: string): Promise<boolean> {
  const rows = await database.query('select 1 from core.api_keys where org_id = $1 and id = $2', [orgId, apiKeyId]);
  return rows.length > 0;
}

export async function teamExists(database: Database, orgId: string, teamId: string): Promise<boolean> {
  const rows = await database.query('select 1 from gateway.teams where org_id = $1 and id = $2', [orgId, teamId]);
  return rows.length > 0;
}

export async function putKeySettings(
  tx: Db,
  orgId: string,
  s: { apiKeyId: string; teamId: string | null; rpm: number | null; tpm: number | null; allowedModels: string[] | null; guardrails: unknown },
) {
  const models = s.allowedModels ? `{${s.allowedModels.map((m) => `"${m.replace(/["\\]/g, '')}"`).join(',')}}` : null;
  const res =
    await tx.execute(sql`insert into gateway.key_settings (api_key_id, org_id, team_id, rpm, tpm, allowed_models, guardrails) values (${s.apiKeyId}, ${orgId}, ${s.teamId}, ${s.rpm}, ${s.tpm}, ${models}::text[], ${JSON.stringify(s.guardrails)}::jsonb)
    on conflict (api_key_id) do update set team_id = excluded.team_id, rpm = excluded.rpm, tpm = excluded.tpm, allowed_models = excluded.allowed_models, guardrails = excluded.guardrails, updated_at = now()
    where gateway.key_settings.org_id = ${orgId}
    returning api_key_id, team_id, rpm, tpm, allowed_models, guardrails`);
  return rowsOf<Record<string, unknown>>(res)[0] ?? null;
}

export async function listKeySettings(database: Database, orgId: string) {
  return database.query(
    `select k.id as api_key_id, k.name, k.prefix, k.scopes, s.team_id, s.rpm, s.tpm, s.allowed_models, coalesce(s.guardrails, '{}'::jsonb) as guardrails
     from core.api_keys k left join gateway.key_settings s on s.api_key_id = k.id where k.org_id = $1 and k.revoked_at is null order by k.created_at`,
    [orgId],
  );
}
