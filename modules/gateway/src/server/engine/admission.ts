import type { Platform } from '@tessera/core';
import { gatewayErrors } from '../errors.ts';
import { applyGuardrails } from '../guardrails/guardrail-service.ts';
import type { GatewayMetrics } from '../metering/gateway-metrics.ts';
import type { WalletLeases } from '../wallet/wallet-leases.ts';
import type { Plan } from './model-resolver.ts';
import type { ChatMessage, ChatRequest } from './openai-types.ts';
import type { UsageBuffer } from '../metering/usage-buffer.ts';
import type { KeySettings, OrgConfig } from './org-config.ts';
import { costMicros, findPrice, holdPrice } from './pricing.ts';

export const DEFAULT_RPM = 1200;
export const DEFAULT_TPM = 4_000_000;
export const DEFAULT_IP_RPM = 6000;

export interface Caller {
  orgId: string;
  apiKeyId: string | null;
  userId: string | null;
  ip: string | null;
  source: string;
}

export function checkModelAllowed(settings: KeySettings, requested: string, resolved: string): void {
  const allowed = settings.allowedModels;
  if (!allowed?.length) return;
  if (allowed.includes(requested) || allowed.includes(resolved) || allowed.includes('*')) return;
  throw gatewayErrors.GATEWAY_MODEL_NOT_ALLOWED({ message: `This key may not use the model "${requested}".` });
}

const WINDOW_MS = 60_000;

/** The tokens a request took from TPM windows at admission (prompt estimate + max output). */
export interface TokenHold {
  /** `gw:tpm:<key>` and, when the organization limits tokens per address, `gw:iptpm:<org>:<ip>`. */
  keys: string[];
  tokens: number[];
  window: number;
}

/** Limits per client address set by the organization (PUT /api/gateway/limits); null = default. */
export interface AddressLimits {
  ipRpm: number | null;
  ipTpm: number | null;
}

/**
 * Per key (RPM and TPM) and per address (RPM, and TPM when the organization sets one), counted per
 * organization and address; Redis-backed and shared when the platform has Redis. TPM is taken at
 * its maximum (prompt estimate + max output) so a burst cannot run past it, and what the call did
 * not use goes back afterwards (returnUnusedTokens).
 */
export async function enforceRateLimits(
  platform: Platform,
  metrics: GatewayMetrics,
  caller: Caller,
  settings: KeySettings,
  limits: AddressLimits,
  tokens: number,
): Promise<TokenHold> {
  // In-process calls without a key or user (a module's background job) count per organization,
  // never in one bucket shared by every tenant.
  const who = caller.apiKeyId ?? caller.userId ?? `org:${caller.orgId}`;
  const tpm = settings.tpm ?? DEFAULT_TPM;
  const hold: TokenHold = { keys: [`gw:tpm:${who}`], tokens: [Math.min(tokens, tpm)], window: Math.floor(Date.now() / WINDOW_MS) };
  // Defaults follow the platform's own knobs (RATE_LIMIT_PER_KEY, RATE_LIMIT_PER_IP); an address
  // is allowed at least DEFAULT_IP_RPM by default because many keys often share one NAT address.
  const checks: [string, string, number, number][] = [[`gw:rpm:${who}`, 'key_rpm', settings.rpm ?? platform.config.rateLimitPerKey ?? DEFAULT_RPM, 1]];
  if (caller.ip) {
    const address = `${caller.orgId}:${caller.ip}`;
    checks.push([`gw:ip:${address}`, 'ip_rpm', limits.ipRpm ?? Math.max(platform.config.rateLimitPerIp, DEFAULT_IP_RPM), 1]);
    if (limits.ipTpm !== null) {
      hold.keys.push(`gw:iptpm:${address}`);
      hold.tokens.push(Math.min(tokens, limits.ipTpm));
      checks.push([`gw:iptpm:${address}`, 'ip_tpm', limits.ipTpm, Math.min(tokens, limits.ipTpm)]);
    }
  }
  checks.push([`gw:tpm:${who}`, 'key_tpm', tpm, hold.tokens[0] ?? 0]);
  for (const [key, limit, max, cost] of checks) {
    const d = await platform.rateLimiter.consume(key, max, WINDOW_MS, cost);
    if (!d.allowed) {
      metrics.rateLimited.inc({ limit });
      throw gatewayErrors.GATEWAY_RATE_LIMITED({
        message: `Rate limit reached (${limit.replace('_', ' ')} ${max} per minute).`,
        headers: { 'retry-after': String(d.retryAfterSeconds) },
      });
    }
  }
  return hold;
}

/**
 * Gives back the TPM tokens a call held but did not use (a request without max_tokens holds 4096
 * output tokens and may use ten), so the limits count real usage. Only within the same window: a
 * negative count in a fresh window would grant tokens that were never held there. Not awaited.
 */
export function returnUnusedTokens(platform: Platform, hold: TokenHold, used: number): void {
  if (Math.floor(Date.now() / WINDOW_MS) !== hold.window) return;
  for (let i = 0; i < hold.keys.length; i++) {
    const unused = (hold.tokens[i] ?? 0) - used;
    if (unused <= 0) continue;
    platform.rateLimiter.consume(hold.keys[i] ?? '', Number.MAX_SAFE_INTEGER, WINDOW_MS, -unused).catch((err: unknown) => {
      platform.log.warn({ err }, 'gateway: returning unused TPM tokens failed');
    });
  }
}

/** The key's guardrails on a chat; a blocked request is logged too (the action is what an auditor asks about). */
export function guardRecorded(
  usage: UsageBuffer,
  body: ChatRequest,
  settings: KeySettings,
  call: { caller: Caller; requestId: string; started: number },
): { messages: ChatMessage[]; action: string | null } {
  const g = applyGuardrails(body.messages, settings.guardrails);
  if (!g.blocked) return { messages: g.messages, action: g.action };
  const { caller } = call;
  usage.add(null, {
    orgId: caller.orgId,
    requestId: call.requestId,
    apiKeyId: caller.apiKeyId,
    teamId: settings.teamId,
    userId: caller.userId,
    source: caller.source,
    model: body.model,
    guardrailAction: g.action,
    provider: null,
    status: 400,
    errorCode: 'GATEWAY_GUARDRAIL_BLOCKED',
    promptTokens: 0,
    completionTokens: 0,
    costMicros: 0,
    latencyMs: Math.round(performance.now() - call.started),
    attempts: 0,
    cached: false,
    streamed: Boolean(body.stream),
  });
  throw gatewayErrors.GATEWAY_GUARDRAIL_BLOCKED({ details: { action: g.action } });
}

/** The request's maximum cost: prompt estimate and max output tokens, at the dearest target of the plan. */
export function maxCostOf(config: OrgConfig, plan: Plan, promptTokens: number, maxOutputTokens: number): number {
  let max = 0;
  for (const a of plan.attempts) max = Math.max(max, costMicros(holdPrice(findPrice(config.prices, a.provider.name, a.model)), promptTokens, maxOutputTokens));
  return max;
}

export async function reserve(leases: WalletLeases, metrics: GatewayMetrics, orgId: string, walletIds: string[], amount: number): Promise<void> {
  if (!walletIds.length || amount <= 0) return;
  const ok = await leases.reserve(orgId, walletIds, amount);
  if (!ok) {
    metrics.budgetRefused.inc();
    throw gatewayErrors.GATEWAY_BUDGET_EXHAUSTED({ details: { requiredMicros: amount } });
  }
}
