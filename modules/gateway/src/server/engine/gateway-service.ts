import { isAppError, type Platform } from '@tessera/core';
import { ResponseCache } from '../cache/response-cache.ts';
import { GatewayMetrics } from '../metering/gateway-metrics.ts';
import { UsageBuffer } from '../metering/usage-buffer.ts';
import { WalletLeases } from '../wallet/wallet-leases.ts';
import { adapterFor } from '../providers/provider-registry.ts';
import { RAW_BODY, type WithRaw } from '../providers/http-client.ts';
import { purgeExpiredAnswers } from '../idempotency/idempotency-repository.ts';
import type { ProviderTarget } from '../providers/provider-types.ts';
import { type Caller, checkModelAllowed, enforceRateLimits, guardRecorded, maxCostOf, reserve, returnUnusedTokens } from './admission.ts';
import { CircuitBreakers, runWithFailover, type AttemptRecord } from './failover-executor.ts';
import { resolveModel, type Plan } from './model-resolver.ts';
import type { ChatCompletion, ChatRequest, EmbeddingRequest, EmbeddingResponse, Usage } from './openai-types.ts';
import { OrgConfigCache, type KeySettings } from './org-config.ts';
import { costMicros, findPrice } from './pricing.ts';
import { estimatePromptTokens, holdPromptTokens } from './token-estimator.ts';
import { meterStream } from './stream-metering.ts';
import { runEmbedding } from './embedding-call.ts';

export const DEFAULT_MAX_OUTPUT = 4096;
const PURGE_EVERY_MS = 10 * 60_000;
/** Errors of calls already settled (and counted in gateway_requests_total) on their way out. */
const settledErrors = new WeakSet<Error>();
const NO_USAGE: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

export interface CallInput {
  caller: Caller;
  body: ChatRequest;
  metadata: Record<string, string>;
  cache: 'default' | 'bypass';
  /** Bring-your-own credential: one attempt on this target instead of the organization's providers. */
  target?: ProviderTarget;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Rebuild the streamed answer for in-process callers. */
  collect?: boolean;
}

export interface CallMeta {
  provider: string;
  attempts: number;
  costMicros: number;
  cached: boolean;
  attemptLog: AttemptRecord[];
}

export type ChatOutcome =
  | { kind: 'json'; body: ChatCompletion; meta: CallMeta }
  | { kind: 'stream'; events: AsyncIterable<string>; meta: CallMeta; done: Promise<{ body: ChatCompletion | null }> };

/** The request pipeline: admission (limits, guardrails, budget), routing with failover, metering. */
export class GatewayService {
  readonly configs: OrgConfigCache;
  readonly usage: UsageBuffer;
  readonly cache: ResponseCache;
  readonly metrics: GatewayMetrics;
  readonly breakers = new CircuitBreakers();
  readonly leases: WalletLeases;
  readonly database: Platform['database'];
  readonly platform: Platform;

  constructor(platform: Platform) {
    this.platform = platform;
    this.database = platform.database;
    this.configs = new OrgConfigCache(platform);
    this.leases = new WalletLeases(platform.database);
    this.usage = new UsageBuffer(platform, this.leases);
    this.cache = new ResponseCache(platform.redis);
    this.metrics = new GatewayMetrics(platform.metrics.registry);
    this.breakers.onChange = (id, name, open) => this.metrics.breakerOpen.set({ provider: name, provider_id: id }, open ? 1 : 0);
  }

  private purgeTimer: NodeJS.Timeout | null = null;

  start(): void {
    this.configs.start();
    this.usage.start();
    // Stored idempotent answers live 24 hours; expired rows go in the background.
    this.purgeTimer = setInterval(() => {
      purgeExpiredAnswers(this.database).catch((err: unknown) => this.platform.log.warn({ err }, 'gateway: idempotency purge failed'));
    }, PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.configs.stop();
    await this.usage.stop();
  }

  /** Resolves the route (or the bring-your-own target) for a call. */
  async plan(input: CallInput, settings: KeySettings): Promise<{ plan: Plan; config: Awaited<ReturnType<OrgConfigCache['org']>> }> {
    const config = await this.configs.org(input.caller.orgId);
    if (input.target)
      return {
        config,
        plan: {
          model: input.body.model,
          route: null,
          attempts: [{ provider: input.target, model: input.body.model.replace(/^[a-z-]+\//, '') }],
          retries: 1,
          // A bring-your-own call honours the caller's deadline like a routed one.
          timeoutMs: input.timeoutMs ?? 120_000,
        },
      };
    const plan = resolveModel(config, input.body.model, { apiKeyId: input.caller.apiKeyId, teamId: settings.teamId, metadata: input.metadata });
    return { config, plan: input.timeoutMs ? { ...plan, timeoutMs: input.timeoutMs } : plan };
  }

  chat(input: CallInput, requestId: string): Promise<ChatOutcome> {
    return this.runChat(input, requestId).catch((err: unknown) => {
      // Refusals before any provider call (limits, budget, guardrails, unknown models) count too;
      // failures after it were counted where they were settled.
      if (isAppError(err) && !settledErrors.has(err))
        this.metrics.requests.inc({ endpoint: input.caller.source, provider: 'none', model: input.body.model, status: String(err.status) });
      throw err;
    });
  }

  private async runChat(input: CallInput, requestId: string): Promise<ChatOutcome> {
    const started = performance.now();
    const { caller } = input;
    const { settings, walletIds } = await this.configs.key(caller.orgId, caller.apiKeyId);
    const { plan, config } = await this.plan(input, settings);
    checkModelAllowed(settings, input.body.model, plan.model);
    const guarded = guardRecorded(this.usage, input.body, settings, { caller, requestId, started });
    const body: ChatRequest = guarded.messages === input.body.messages ? input.body : { ...input.body, messages: guarded.messages };
    const promptTokens = estimatePromptTokens(body);
    const requestedOut = body.max_completion_tokens ?? body.max_tokens ?? null;
    const maxOut = requestedOut ?? DEFAULT_MAX_OUTPUT;
    const tokenHold = await enforceRateLimits(this.platform, this.metrics, caller, settings, config.limits, promptTokens + maxOut);
    const log = {
      orgId: caller.orgId,
      requestId,
      apiKeyId: caller.apiKeyId,
      teamId: settings.teamId,
      userId: caller.userId,
      source: caller.source,
      model: input.body.model,
      guardrailAction: guarded.action,
    };

    const ttl = settings.guardrails.cacheTtlSeconds ?? 0;
    const cacheKey =
      !body.stream && ttl > 0 && input.cache !== 'bypass' && !input.target
        ? this.cache.keyOf(caller.orgId, caller.apiKeyId, input.body.model, { ...body, user: undefined })
        : null;
    if (cacheKey) {
      const hit = await this.cache.get(cacheKey);
      this.metrics.cacheHits.inc({ result: hit ? 'hit' : 'miss' });
      if (hit) {
        const cached = JSON.parse(hit) as WithRaw<ChatCompletion>;
        cached[RAW_BODY] = Buffer.from(hit);
        returnUnusedTokens(this.platform, tokenHold, 0);
        this.metrics.requests.inc({ endpoint: caller.source, provider: 'cache', model: input.body.model, status: '200' });
        this.metrics.latency.observe({ endpoint: caller.source }, (performance.now() - started) / 1000);
        this.usage.add(null, {
          ...log,
          provider: 'cache',
          status: 200,
          errorCode: null,
          promptTokens: 0,
          completionTokens: 0,
          costMicros: 0,
          latencyMs: Math.round(performance.now() - started),
          attempts: 0,
          cached: true,
          streamed: false,
        });
        return { kind: 'json', body: cached, meta: { provider: 'cache', attempts: 0, costMicros: 0, cached: true, attemptLog: [] } };
      }
    }

    const reserved = maxCostOf(config, plan, holdPromptTokens(body), maxOut);
    try {
      await reserve(this.leases, this.metrics, caller.orgId, walletIds, reserved);
    } catch (err) {
      // A refused call used no tokens: a 402 storm must not fill the TPM window for after the top-up.
      returnUnusedTokens(this.platform, tokenHold, 0);
      throw err;
    }
    // A budgeted call may not produce more output than was reserved for it: without max_tokens the
    // provider's own default (16k and more) could charge several times the hold, and concurrent
    // calls would then overshoot the wallet together.
    const sent: ChatRequest = requestedOut === null && reserved > 0 && walletIds.length ? { ...body, max_completion_tokens: maxOut } : body;
    const settle = (
      provider: string,
      model: string | null,
      usage: Usage,
      status: number,
      errorCode: string | null,
      attempts: number,
      streamed: boolean,
    ): number => {
      const prompt = usage.prompt_tokens;
      const completion = usage.completion_tokens;
      const charge = model ? costMicros(findPrice(config.prices, provider, model), prompt, completion, usage.prompt_tokens_details) : 0;
      returnUnusedTokens(this.platform, tokenHold, prompt + completion);
      if (charge > reserved && reserved > 0 && walletIds.length) this.metrics.budgetOverrun.inc(charge - reserved);
      this.usage.add(walletIds.length && reserved > 0 ? { orgId: caller.orgId, walletIds, reservedMicros: reserved, chargeMicros: charge, requestId } : null, {
        ...log,
        provider,
        status,
        errorCode,
        promptTokens: prompt,
        completionTokens: completion,
        costMicros: charge,
        latencyMs: Math.round(performance.now() - started),
        attempts,
        cached: false,
        streamed,
      });
      this.metrics.requests.inc({ endpoint: caller.source, provider, model: input.body.model, status: String(status) });
      this.metrics.latency.observe({ endpoint: caller.source }, (performance.now() - started) / 1000);
      if (charge) {
        this.metrics.tokens.inc({ provider, model: model ?? '', kind: 'prompt' }, prompt);
        this.metrics.tokens.inc({ provider, model: model ?? '', kind: 'completion' }, completion);
        this.metrics.cost.inc({ provider, model: model ?? '' }, charge);
      }
      return charge;
    };
    const fail = (err: unknown, attemptLog: AttemptRecord[]): never => {
      this.countFailedAttempts(attemptLog);
      settle(
        plan.attempts[0]?.provider.name ?? 'none',
        null,
        NO_USAGE,
        isAppError(err) ? err.status : 500,
        isAppError(err) ? err.code : 'INTERNAL',
        attemptLog.length,
        Boolean(body.stream),
      );
      if (err instanceof Error) settledErrors.add(err);
      throw err;
    };

    if (!body.stream) {
      let result;
      try {
        result = await runWithFailover(plan, this.breakers, (a, timeoutMs) =>
          adapterFor(a.provider.kind).chat(sent, { target: a.provider, model: a.model, timeoutMs, ...(input.signal ? { signal: input.signal } : {}) }),
        );
      } catch (err) {
        return fail(err, isAppError(err) ? ((err.details as { attempts?: AttemptRecord[] })?.attempts ?? []) : []);
      }
      const provider = result.attempt.provider.name;
      this.countFailedAttempts(result.log);
      this.metrics.upstreamLatency.observe({ provider }, (result.log.at(-1)?.ms ?? 0) / 1000);
      const u = result.value.usage ?? { prompt_tokens: promptTokens, completion_tokens: 0, total_tokens: promptTokens };
      const charge = settle(provider, result.attempt.model, u, 200, null, result.log.length, false);
      if (cacheKey) void this.cache.set(cacheKey, JSON.stringify(result.value), ttl);
      return { kind: 'json', body: result.value, meta: { provider, attempts: result.log.length, costMicros: charge, cached: false, attemptLog: result.log } };
    }

    let result;
    try {
      result = await runWithFailover(plan, this.breakers, (a, timeoutMs) =>
        adapterFor(a.provider.kind).stream(sent, { target: a.provider, model: a.model, timeoutMs, ...(input.signal ? { signal: input.signal } : {}) }),
      );
    } catch (err) {
      return fail(err, isAppError(err) ? ((err.details as { attempts?: AttemptRecord[] })?.attempts ?? []) : []);
    }
    const provider = result.attempt.provider.name;
    this.countFailedAttempts(result.log);
    this.metrics.upstreamLatency.observe({ provider }, (result.log.at(-1)?.ms ?? 0) / 1000);
    const meta: CallMeta = { provider, attempts: result.log.length, costMicros: 0, cached: false, attemptLog: result.log };
    const metered = meterStream(result.value, {
      includeUsage: body.stream_options?.include_usage === true,
      collect: input.collect === true,
      promptEstimate: promptTokens,
      onFirstToken: () => this.metrics.ttft.observe({ provider }, (performance.now() - started) / 1000),
      onEnd: (usage, ok) => {
        meta.costMicros = settle(provider, result.attempt.model, usage, ok ? 200 : 502, ok ? null : 'GATEWAY_STREAM_ABORTED', result.log.length, true);
      },
    });
    return { kind: 'stream', events: metered.events, meta, done: metered.done };
  }

  countFailedAttempts(log: AttemptRecord[]): void {
    for (const a of log) if (a.status !== 200) this.metrics.providerErrors.inc({ provider: a.provider, status: String(a.status) });
  }

  embed(caller: Caller, body: EmbeddingRequest, requestId: string, target?: ProviderTarget): Promise<{ body: EmbeddingResponse; meta: CallMeta }> {
    return runEmbedding(this, caller, body, requestId, target);
  }
}
