import { checkModelAllowed } from './admission.ts';
import type { GatewayService } from './gateway-service.ts';
import { BUILTIN_ALIASES } from './model-resolver.ts';
import { OFFLINE_CHAT_MODEL, OFFLINE_EMBED_MODEL } from '../providers/offline-provider.ts';

export interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

const CREATED = 1_767_225_600;

/**
 * The offline models first (labelled: deterministic, no real model), then configured models and
 * aliases; a key with allowed models sees only the ones it may call (the same rule as a call).
 */
export async function listModels(service: GatewayService, orgId: string, apiKeyId: string | null): Promise<ModelEntry[]> {
  const [config, { settings }] = await Promise.all([service.configs.org(orgId), service.configs.key(orgId, apiKeyId)]);
  const seen = new Set<string>();
  const out: ModelEntry[] = [];
  const add = (id: string, owner: string, target = id) => {
    if (seen.has(id)) return;
    seen.add(id);
    try {
      checkModelAllowed(settings, id, target);
    } catch {
      return;
    }
    out.push({ id, object: 'model', created: CREATED, owned_by: owner });
  };
  add(`offline/${OFFLINE_CHAT_MODEL}`, 'tessera-offline (deterministic, not a real model)');
  add(`offline/${OFFLINE_EMBED_MODEL}`, 'tessera-offline (deterministic, not a real model)');
  for (const [alias, target] of Object.entries(BUILTIN_ALIASES)) add(alias, `alias of ${target} (offline, deterministic)`, target);
  for (const p of config.providers) for (const m of p.config.models ?? []) add(`${p.name}/${m}`, p.name);
  for (const [alias, target] of config.aliases) add(alias, `alias of ${target}`, target);
  for (const r of config.routes) if (r.match.model && !r.match.model.includes('*')) add(r.match.model, `route ${r.name}`);
  return out;
}
