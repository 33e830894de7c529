import { gatewayErrors } from '../errors.ts';
import type { ProviderKind, ProviderTarget } from '../providers/provider-types.ts';
import type { OrgConfig, RouteConfig, RouteTarget } from './org-config.ts';

export const BUILTIN_ALIASES: Record<string, string> = { 'tessera-offline': 'offline/tessera-1', 'tessera-embed': 'offline/tessera-embed-1' };

/** Ordered: the first pattern that matches names the provider kinds that serve the model. */
const PATTERNS: { test: RegExp; kinds: ProviderKind[] }[] = [
  { test: /^tessera-/, kinds: ['offline'] },
  { test: /^(gpt-|o\d|chatgpt-|text-embedding-3|text-embedding-ada|omni-)/, kinds: ['openai', 'azure', 'openrouter'] },
  { test: /^claude-/, kinds: ['anthropic', 'openrouter'] },
  { test: /^(gemini-|text-embedding-004|gemini-embedding)/, kinds: ['gemini', 'openrouter'] },
  { test: /^(mistral-|codestral|open-mistral|ministral|pixtral|magistral)/, kinds: ['mistral', 'openrouter'] },
  { test: /^(llama|meta-llama|mixtral|gemma|qwen|deepseek)/, kinds: ['groq', 'together', 'ollama', 'openai-compatible', 'openrouter'] },
];

export interface Attempt {
  provider: ProviderTarget;
  model: string;
}

export interface Plan {
  /** The model name after aliases. */
  model: string;
  route: string | null;
  attempts: Attempt[];
  retries: number;
  timeoutMs: number;
}

export interface ResolveContext {
  apiKeyId: string | null;
  teamId: string | null;
  metadata: Record<string, string>;
  /** Injected for tests of weighted balancing; Math.random otherwise. */
  random?: () => number;
}

function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*' || pattern === value) return true;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(value);
}

function routeMatches(route: RouteConfig, model: string, requested: string, ctx: ResolveContext): boolean {
  const m = route.match;
  if (m.model && !globMatch(m.model, model) && !globMatch(m.model, requested)) return false;
  if (m.apiKeyIds?.length && (!ctx.apiKeyId || !m.apiKeyIds.includes(ctx.apiKeyId))) return false;
  if (m.teamIds?.length && (!ctx.teamId || !m.teamIds.includes(ctx.teamId))) return false;
  for (const [k, v] of Object.entries(m.metadata ?? {})) if (ctx.metadata[k.toLowerCase()] !== v) return false;
  return true;
}

function pickWeighted(targets: RouteTarget[], random: () => number): RouteTarget[] {
  if (targets.length <= 1) return targets;
  const total = targets.reduce((s, t) => s + Math.max(0, t.weight ?? 1), 0);
  let r = random() * total;
  let chosen = 0;
  for (let i = 0; i < targets.length; i++) {
    r -= Math.max(0, targets[i]?.weight ?? 1);
    if (r < 0) {
      chosen = i;
      break;
    }
  }
  const first = targets[chosen];
  return first ? [first, ...targets.filter((_, i) => i !== chosen)] : targets;
}

function splitExplicit(config: OrgConfig, model: string): Attempt | null {
  const slash = model.indexOf('/');
  if (slash <= 0) return null;
  const provider = config.byName.get(model.slice(0, slash));
  return provider ? { provider, model: model.slice(slash + 1) } : null;
}

/**
 * Deterministic model -> provider resolution: alias, then the first matching route (weighted
 * primary, other targets and fallbacks after it), then an explicit `provider/model`, then the
 * ordered name patterns against the organization's providers in creation order.
 */
export function resolveModel(config: OrgConfig, requested: string, ctx: ResolveContext): Plan {
  const model = config.aliases.get(requested) ?? BUILTIN_ALIASES[requested] ?? requested;
  for (const route of config.routes) {
    if (!routeMatches(route, model, requested, ctx)) continue;
    const ordered = [...pickWeighted(route.targets, ctx.random ?? Math.random), ...route.fallbacks];
    const attempts: Attempt[] = [];
    for (const t of ordered) {
      const provider = config.byName.get(t.provider);
      if (!provider) continue;
      const explicit = splitExplicit(config, model);
      attempts.push({ provider, model: t.model ?? (explicit ? explicit.model : model) });
    }
    if (attempts.length) return { model, route: route.name, attempts, retries: route.retries, timeoutMs: route.timeoutMs };
  }
  const explicit = splitExplicit(config, model);
  if (explicit) return { model, route: null, attempts: [explicit], retries: 1, timeoutMs: 120_000 };
  const pattern = PATTERNS.find((p) => p.test.test(model));
  if (pattern) {
    for (const kind of pattern.kinds) {
      const provider = config.providers.find((p) => p.kind === kind);
      if (provider) return { model, route: null, attempts: [{ provider, model }], retries: 1, timeoutMs: 120_000 };
    }
  }
  throw gatewayErrors.GATEWAY_MODEL_NOT_FOUND({ message: `No provider serves the model "${requested}".` });
}
