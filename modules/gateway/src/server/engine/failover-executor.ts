import { setTimeout as sleep } from 'node:timers/promises';
import type { AppError } from '@tessera/core';
import { gatewayErrors } from '../errors.ts';
import { ProviderError } from '../providers/provider-types.ts';
import { toProviderError } from '../providers/http-client.ts';
import type { Attempt, Plan } from './model-resolver.ts';

const FAILURES_TO_OPEN = 5;
const OPEN_MS = 30_000;
/**
 * The longest Retry-After the gateway waits out itself before retrying the same provider. A longer
 * one is honoured, not shortened: that provider is not called again for this request (the next
 * target serves it, or the client gets 429 with the provider's Retry-After).
 */
export const MAX_RETRY_WAIT_MS = 2000;

/** Per-provider breaker: opens after consecutive failures, lets one probe through after a pause. */
export class CircuitBreakers {
  private readonly states = new Map<string, { failures: number; openUntil: number; probing: boolean; name: string }>();
  private readonly now: () => number;
  /** Called with the provider's id and name when its breaker opens or closes. */
  onChange: ((providerId: string, providerName: string, open: boolean) => void) | null = null;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  allow(id: string): boolean {
    const s = this.states.get(id);
    if (!s || s.openUntil === 0) return true;
    if (this.now() < s.openUntil || s.probing) return false;
    s.probing = true;
    return true;
  }

  success(id: string): void {
    const s = this.states.get(id);
    if (!s) return;
    const wasOpen = s.openUntil !== 0;
    this.states.delete(id);
    if (wasOpen) this.onChange?.(id, s.name, false);
  }

  failure(id: string, name = id): void {
    const s = this.states.get(id) ?? { failures: 0, openUntil: 0, probing: false, name };
    s.failures++;
    s.probing = false;
    if (s.failures >= FAILURES_TO_OPEN) {
      if (s.openUntil === 0) this.onChange?.(id, s.name, true);
      s.openUntil = this.now() + OPEN_MS;
    }
    this.states.set(id, s);
  }

  isOpen(id: string): boolean {
    const s = this.states.get(id);
    return Boolean(s && s.openUntil !== 0);
  }
}

export interface AttemptRecord {
  provider: string;
  model: string;
  status: number;
  error: string | null;
  ms: number;
}

export interface FailoverResult<T> {
  value: T;
  attempt: Attempt;
  log: AttemptRecord[];
}

/** Error carrying the attempt log so the response can still report attempts. */
export function failoverError(log: AttemptRecord[], last: ProviderError | null, breakerSkipped: boolean): AppError {
  const details = { attempts: log };
  if (!last) return gatewayErrors.GATEWAY_CIRCUIT_OPEN({ details });
  if (breakerSkipped && log.length === 0) return gatewayErrors.GATEWAY_CIRCUIT_OPEN({ details });
  if (last.kind === 'timeout') return gatewayErrors.GATEWAY_PROVIDER_TIMEOUT({ details });
  if (last.status === 429)
    return gatewayErrors.GATEWAY_PROVIDER_RATE_LIMITED({
      details,
      headers: { 'retry-after': String(Math.max(1, Math.ceil((last.retryAfterMs ?? 1000) / 1000))) },
    });
  if (!last.retryable && last.status !== 401 && last.status !== 403) return gatewayErrors.GATEWAY_UPSTREAM_REJECTED({ message: last.message, details });
  return gatewayErrors.GATEWAY_PROVIDER_ERROR({
    message: `Every provider attempt failed; last: ${last.message}`,
    details,
    // An overloaded provider's own Retry-After (503 with a delay) is passed on, so clients back off as long.
    ...(last.retryAfterMs !== null ? { headers: { 'retry-after': String(Math.max(1, Math.ceil(last.retryAfterMs / 1000))) } } : {}),
  });
}

/**
 * Tries the plan's targets in order: retries a target with exponential backoff on 429/5xx/timeouts
 * (up to plan.retries), then falls back to the next one; a client error (400, 422) stops at once
 * because another provider would refuse it too. Open breakers are skipped.
 */
export async function runWithFailover<T>(
  plan: Plan,
  breakers: CircuitBreakers,
  call: (attempt: Attempt, timeoutMs: number) => Promise<T>,
): Promise<FailoverResult<T>> {
  const log: AttemptRecord[] = [];
  let last: ProviderError | null = null;
  let skipped = false;
  for (const [i, attempt] of plan.attempts.entries()) {
    if (!breakers.allow(attempt.provider.id)) {
      skipped = true;
      continue;
    }
    const hasNext = i < plan.attempts.length - 1;
    for (let round = 0; round <= plan.retries; round++) {
      const started = performance.now();
      try {
        const value = await call(attempt, plan.timeoutMs);
        breakers.success(attempt.provider.id);
        log.push({ provider: attempt.provider.name, model: attempt.model, status: 200, error: null, ms: Math.round(performance.now() - started) });
        return { value, attempt, log };
      } catch (err) {
        const pe = toProviderError(err);
        last = pe;
        log.push({
          provider: attempt.provider.name,
          model: attempt.model,
          status: pe.status,
          error: pe.message.slice(0, 200),
          ms: Math.round(performance.now() - started),
        });
        if (!pe.retryable) {
          if (pe.status === 401 || pe.status === 403) {
            breakers.failure(attempt.provider.id, attempt.provider.name);
            break;
          }
          // The provider answered (it refused this request): it is up, so a half-open breaker closes
          // instead of staying in its probe forever.
          breakers.success(attempt.provider.id);
          throw failoverError(log, pe, false);
        }
        breakers.failure(attempt.provider.id, attempt.provider.name);
        // A rate-limited or hanging provider: move on when there is somewhere to go.
        if (hasNext && (pe.status === 429 || pe.kind === 'timeout')) break;
        // Retry-After longer than we may wait: calling again sooner would only be refused again.
        if (pe.retryAfterMs !== null && pe.retryAfterMs > MAX_RETRY_WAIT_MS) break;
        if (round < plan.retries) await sleep(pe.retryAfterMs ?? Math.min(50 * 2 ** round, 1000));
      }
    }
  }
  throw failoverError(log, last, skipped);
}
