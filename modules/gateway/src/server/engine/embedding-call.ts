import { isAppError } from '@tessera/core';
import { adapterFor } from '../providers/provider-registry.ts';
import type { ProviderTarget } from '../providers/provider-types.ts';
import { type Caller, checkModelAllowed, enforceRateLimits, maxCostOf, reserve, returnUnusedTokens } from './admission.ts';
import { runWithFailover, type AttemptRecord } from './failover-executor.ts';
import type { CallInput, CallMeta, GatewayService } from './gateway-service.ts';
import type { EmbeddingRequest, EmbeddingResponse } from './openai-types.ts';
import { costMicros, findPrice } from './pricing.ts';
import { estimateEmbeddingTokens, holdEmbeddingTokens } from './token-estimator.ts';
import { guardEmbeddingInput } from '../guardrails/guardrail-service.ts';
import { gatewayErrors } from '../errors.ts';

/** POST /v1/embeddings and the LLM port's embed: admission, routing with failover, metering. */
export async function runEmbedding(
  service: GatewayService,
  caller: Caller,
  body: EmbeddingRequest,
  requestId: string,
  target?: ProviderTarget,
): Promise<{ body: EmbeddingResponse; meta: CallMeta }> {
  const started = performance.now();
  const { settings, walletIds } = await service.configs.key(caller.orgId, caller.apiKeyId);
  const input: CallInput = { caller, body: { model: body.model, messages: [] }, metadata: {}, cache: 'default', ...(target ? { target } : {}) };
  const { plan, config } = await service.plan(input, settings);
  checkModelAllowed(settings, body.model, plan.model);
  const guarded = guardEmbeddingInput(body.input, settings.guardrails);
  const base = {
    orgId: caller.orgId,
    requestId,
    apiKeyId: caller.apiKeyId,
    teamId: settings.teamId,
    userId: caller.userId,
    source: caller.source,
    model: body.model,
    guardrailAction: guarded.action,
    cached: false,
    streamed: false,
  };
  if (guarded.blocked) {
    const blocked = { ...base, provider: null, status: 400, errorCode: 'GATEWAY_GUARDRAIL_BLOCKED', promptTokens: 0, completionTokens: 0, costMicros: 0 };
    service.usage.add(null, { ...blocked, latencyMs: Math.round(performance.now() - started), attempts: 0 });
    service.metrics.requests.inc({ endpoint: caller.source, provider: 'none', model: body.model, status: '400' });
    throw gatewayErrors.GATEWAY_GUARDRAIL_BLOCKED({ details: { action: guarded.action } });
  }
  if (guarded.input !== body.input) body = { ...body, input: guarded.input };
  const tokens = estimateEmbeddingTokens(body.input);
  const tokenHold = await enforceRateLimits(service.platform, service.metrics, caller, settings, config.limits, tokens);
  const reserved = maxCostOf(config, plan, holdEmbeddingTokens(body.input), 0);
  try {
    await reserve(service.leases, service.metrics, caller.orgId, walletIds, reserved);
  } catch (err) {
    returnUnusedTokens(service.platform, tokenHold, 0);
    service.metrics.requests.inc({ endpoint: caller.source, provider: 'none', model: body.model, status: '402' });
    throw err;
  }
  const settlement = (charge: number) =>
    walletIds.length && reserved > 0 ? { orgId: caller.orgId, walletIds, reservedMicros: reserved, chargeMicros: charge, requestId } : null;
  try {
    const result = await runWithFailover(plan, service.breakers, (a, timeoutMs) =>
      adapterFor(a.provider.kind).embed(body, { target: a.provider, model: a.model, timeoutMs }),
    );
    const provider = result.attempt.provider.name;
    const prompt = result.value.usage?.prompt_tokens ?? tokens;
    const charge = costMicros(findPrice(config.prices, provider, result.attempt.model), prompt, 0);
    returnUnusedTokens(service.platform, tokenHold, prompt);
    if (charge > reserved && reserved > 0 && walletIds.length) service.metrics.budgetOverrun.inc(charge - reserved);
    service.countFailedAttempts(result.log);
    service.metrics.upstreamLatency.observe({ provider }, (result.log.at(-1)?.ms ?? 0) / 1000);
    service.metrics.latency.observe({ endpoint: caller.source }, (performance.now() - started) / 1000);
    if (charge) {
      service.metrics.tokens.inc({ provider, model: result.attempt.model, kind: 'prompt' }, prompt);
      service.metrics.cost.inc({ provider, model: result.attempt.model }, charge);
    }
    service.usage.add(settlement(charge), {
      ...base,
      provider,
      status: 200,
      errorCode: null,
      promptTokens: prompt,
      completionTokens: 0,
      costMicros: charge,
      latencyMs: Math.round(performance.now() - started),
      attempts: result.log.length,
    });
    service.metrics.requests.inc({ endpoint: caller.source, provider, model: body.model, status: '200' });
    return {
      body: { ...result.value, model: result.value.model ?? body.model },
      meta: { provider, attempts: result.log.length, costMicros: charge, cached: false, attemptLog: result.log },
    };
  } catch (err) {
    returnUnusedTokens(service.platform, tokenHold, 0);
    const attempts = isAppError(err) ? ((err.details as { attempts?: AttemptRecord[] } | undefined)?.attempts ?? []) : [];
    service.countFailedAttempts(attempts);
    service.metrics.requests.inc({
      endpoint: caller.source,
      provider: plan.attempts[0]?.provider.name ?? 'none',
      model: body.model,
      status: String(isAppError(err) ? err.status : 500),
    });
    service.usage.add(settlement(0), {
      ...base,
      provider: plan.attempts[0]?.provider.name ?? null,
      status: isAppError(err) ? err.status : 500,
      errorCode: isAppError(err) ? err.code : 'INTERNAL',
      promptTokens: 0,
      completionTokens: 0,
      costMicros: 0,
      latencyMs: Math.round(performance.now() - started),
      attempts: attempts.length,
    });
    throw err;
  }
}
