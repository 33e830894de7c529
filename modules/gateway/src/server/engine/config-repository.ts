import type { Database } from '@tessera/core';

export interface ProviderRow extends Record<string, unknown> {
  id: string;
  name: string;
  kind: string;
  base_url: string | null;
  credential: string | null;
  config: Record<string, unknown>;
  enabled: boolean;
  created_at: string;
}

export interface RouteRow extends Record<string, unknown> {
  id: string;
  name: string;
  priority: number;
  match: Record<string, unknown>;
  targets: unknown[];
  retries: number;
  timeout_ms: number;
  enabled: boolean;
}

export interface KeySettingsRow extends Record<string, unknown> {
  api_key_id: string;
  team_id: string | null;
  rpm: number | null;
  tpm: number | null;
  allowed_models: string[] | null;
  guardrails: Record<string, unknown>;
}

export async function loadOrgConfigRows(database: Database, orgId: string) {
  const [providers, routes, aliases, prices, limits] = await Promise.all([
    database.query<ProviderRow>(
      'select id, name, kind, base_url, credential, config, enabled, created_at from gateway.providers where org_id = $1 order by created_at, name',
      [orgId],
    ),
    database.query<RouteRow>(
      'select id, name, priority, match, targets, retries, timeout_ms, enabled from gateway.routes where org_id = $1 and enabled order by priority, name',
      [orgId],
    ),
    database.query<{ alias: string; target: string }>('select alias, target from gateway.aliases where org_id = $1', [orgId]),
    database.query<{ model: string; input_micros_per_m: string; output_micros_per_m: string }>(
      'select model, input_micros_per_m, output_micros_per_m from gateway.prices where org_id = $1',
      [orgId],
    ),
    database.query<{ ip_rpm: number | null; ip_tpm: number | null }>('select ip_rpm, ip_tpm from gateway.org_limits where org_id = $1', [orgId]),
  ]);
  return { providers, routes, aliases, prices, limits: limits[0] ?? null };
}

export async function loadKeySettings(database: Database, orgId: string, apiKeyId: string): Promise<KeySettingsRow | null> {
  const rows = await database.query<KeySettingsRow>(
    'select api_key_id, team_id, rpm, tpm, allowed_models, guardrails from gateway.key_settings where org_id = $1 and api_key_id = $2',
    [orgId, apiKeyId],
  );
  return rows[0] ?? null;
}

export async function loadWalletIds(database: Database, orgId: string, teamId: string | null, apiKeyId: string | null): Promise<string[]> {
  const rows = await database.query<{ id: string }>(
    `select id from gateway.wallets where org_id = $1 and (scope_type = 'org' or (scope_type = 'team' and scope_id = $2::uuid) or (scope_type = 'key' and scope_id = $3::uuid)) order by id`,
    [orgId, teamId, apiKeyId],
  );
  return rows.map((r) => r.id);
}
