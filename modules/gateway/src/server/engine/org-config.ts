import type { Platform } from '@tessera/core';
import { DEFAULT_BASE_URLS } from '../providers/openai-wire-adapter.ts';
import type { ProviderKind, ProviderTarget } from '../providers/provider-types.ts';
import { loadKeySettings, loadOrgConfigRows, loadWalletIds } from './config-repository.ts';
import type { Price } from './pricing.ts';
import type { AddressLimits } from './admission.ts';

export const CONFIG_CHANGED_TOPIC = 'gateway.config.changed';
const CONFIG_TTL_MS = 30_000;
const KEY_TTL_MS = 10_000;

export interface RouteTarget {
  provider: string;
  model?: string;
  weight?: number;
}

export interface RouteConfig {
  name: string;
  match: { model?: string; apiKeyIds?: string[]; teamIds?: string[]; metadata?: Record<string, string> };
  targets: RouteTarget[];
  fallbacks: RouteTarget[];
  retries: number;
  timeoutMs: number;
}

export interface OrgConfig {
  providers: ProviderTarget[];
  byName: Map<string, ProviderTarget>;
  routes: RouteConfig[];
  aliases: Map<string, string>;
  prices: Map<string, Price>;
  limits: AddressLimits;
}

export interface KeySettings {
  teamId: string | null;
  rpm: number | null;
  tpm: number | null;
  allowedModels: string[] | null;
  guardrails: { injection?: 'off' | 'log' | 'block'; pii?: 'off' | 'log' | 'redact' | 'block'; cacheTtlSeconds?: number };
}

export const OFFLINE_TARGET: ProviderTarget = {
  id: '00000000-0000-0000-0000-000000000000',
  name: 'offline',
  kind: 'offline',
  baseUrl: 'offline://local',
  apiKey: null,
  config: {},
};

export function credentialAad(orgId: string, providerId: string): string {
  return `gateway:provider:${orgId}:${providerId}`;
}

/**
 * Per-process caches of what the hot path needs (providers with decrypted credentials, routes,
 * prices, key settings, wallet ids), so a request reads nothing from the database. Admin changes
 * publish on the cross-instance bus and evict everywhere; a TTL bounds staleness otherwise.
 */
export class OrgConfigCache {
  private readonly orgs = new Map<string, { at: number; value: Promise<OrgConfig> }>();
  private readonly keys = new Map<string, { at: number; value: Promise<{ settings: KeySettings; walletIds: string[] }> }>();
  private readonly platform: Platform;
  private unsubscribe: (() => void) | null = null;

  constructor(platform: Platform) {
    this.platform = platform;
  }

  start(): void {
    this.unsubscribe = this.platform.events.subscribe(CONFIG_CHANGED_TOPIC, (payload) => this.evict((payload as { orgId?: string }).orgId ?? null));
  }

  stop(): void {
    this.unsubscribe?.();
  }

  evict(orgId: string | null): void {
    if (!orgId) {
      this.orgs.clear();
      this.keys.clear();
      return;
    }
    this.orgs.delete(orgId);
    for (const k of this.keys.keys()) if (k.startsWith(`${orgId}:`)) this.keys.delete(k);
  }

  async changed(orgId: string): Promise<void> {
    this.evict(orgId);
    await this.platform.events.publish(CONFIG_CHANGED_TOPIC, { orgId });
  }

  org(orgId: string): Promise<OrgConfig> {
    const hit = this.orgs.get(orgId);
    if (hit && Date.now() - hit.at < CONFIG_TTL_MS) return hit.value;
    const value = this.loadOrg(orgId);
    this.orgs.set(orgId, { at: Date.now(), value });
    value.catch(() => this.orgs.delete(orgId));
    return value;
  }

  key(orgId: string, apiKeyId: string | null): Promise<{ settings: KeySettings; walletIds: string[] }> {
    const cacheKey = `${orgId}:${apiKeyId ?? '-'}`;
    const hit = this.keys.get(cacheKey);
    if (hit && Date.now() - hit.at < KEY_TTL_MS) return hit.value;
    const value = (async () => {
      const row = apiKeyId ? await loadKeySettings(this.platform.database, orgId, apiKeyId) : null;
      const settings: KeySettings = {
        teamId: row?.team_id ?? null,
        rpm: row?.rpm ?? null,
        tpm: row?.tpm ?? null,
        allowedModels: row?.allowed_models ?? null,
        guardrails: row?.guardrails ?? {},
      };
      const walletIds = await loadWalletIds(this.platform.database, orgId, settings.teamId, apiKeyId);
      return { settings, walletIds };
    })();
    this.keys.set(cacheKey, { at: Date.now(), value });
    value.catch(() => this.keys.delete(cacheKey));
    return value;
  }

  private async loadOrg(orgId: string): Promise<OrgConfig> {
    const rows = await loadOrgConfigRows(this.platform.database, orgId);
    const providers: ProviderTarget[] = [];
    for (const p of rows.providers) {
      if (!p.enabled) continue;
      const kind = p.kind as ProviderKind;
      let apiKey: string | null = null;
      if (p.credential) {
        try {
          apiKey = this.platform.secrets.decrypt(p.credential, credentialAad(orgId, p.id));
        } catch (err) {
          this.platform.log.warn({ provider: p.name, err: (err as Error).message }, 'gateway: provider credential does not decrypt');
          continue;
        }
      }
      providers.push({ id: p.id, name: p.name, kind, baseUrl: p.base_url ?? DEFAULT_BASE_URLS[kind] ?? '', apiKey, config: p.config });
    }
    if (!providers.some((p) => p.name === 'offline')) providers.push(OFFLINE_TARGET);
    const routes: RouteConfig[] = rows.routes.map((r) => {
      const targets = r.targets as (RouteTarget & { fallback?: boolean })[];
      return {
        name: r.name,
        match: r.match,
        targets: targets.filter((t) => !t.fallback),
        fallbacks: targets.filter((t) => t.fallback),
        retries: r.retries,
        timeoutMs: r.timeout_ms,
      };
    });
    const prices = new Map<string, Price>(rows.prices.map((p) => [p.model, { input: Number(p.input_micros_per_m), output: Number(p.output_micros_per_m) }]));
    return {
      providers,
      byName: new Map(providers.map((p) => [p.name, p])),
      routes,
      aliases: new Map(rows.aliases.map((a) => [a.alias, a.target])),
      prices,
      limits: { ipRpm: rows.limits?.ip_rpm ?? null, ipTpm: rows.limits?.ip_tpm ?? null },
    };
  }
}
