import { listWalletsByIds } from '../wallet/wallet-repository.ts';
import type { Caller } from './admission.ts';
import { checkModelAllowed, maxCostOf } from './admission.ts';
import { DEFAULT_MAX_OUTPUT, type GatewayService } from './gateway-service.ts';
import { resolveModel } from './model-resolver.ts';
import type { ChatRequest } from './openai-types.ts';
import { findPrice } from './pricing.ts';
import { estimatePromptTokens, holdPromptTokens } from './token-estimator.ts';
import { applyGuardrails } from '../guardrails/guardrail-service.ts';

/** What a call would do and cost at most (route, prices, guardrails, wallets), without reserving, calling or logging anything. */
export async function dryRun(service: GatewayService, caller: Caller, body: ChatRequest, metadata: Record<string, string>) {
  const { settings, walletIds } = await service.configs.key(caller.orgId, caller.apiKeyId);
  const config = await service.configs.org(caller.orgId);
  const plan = resolveModel(config, body.model, { apiKeyId: caller.apiKeyId, teamId: settings.teamId, metadata, random: () => 0 });
  checkModelAllowed(settings, body.model, plan.model);
  // What the key's guardrails would do (pure, nothing recorded); a redacted prompt is what gets sized.
  const guard = applyGuardrails(body.messages, settings.guardrails);
  const promptTokens = estimatePromptTokens({ ...body, messages: guard.messages });
  const maxOutputTokens = body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_OUTPUT;
  const heldPromptTokens = holdPromptTokens({ ...body, messages: guard.messages });
  const maxCost = maxCostOf(config, plan, heldPromptTokens, maxOutputTokens);
  const wallets = await listWalletsByIds(service.database, caller.orgId, walletIds);
  return {
    model: plan.model,
    route: plan.route,
    attempts: plan.attempts.map((a) => ({
      provider: a.provider.name,
      kind: a.provider.kind,
      model: a.model,
      price: findPrice(config.prices, a.provider.name, a.model),
      breakerOpen: service.breakers.isOpen(a.provider.id),
    })),
    retries: plan.retries,
    timeoutMs: plan.timeoutMs,
    promptTokensEstimate: promptTokens,
    promptTokensHeld: heldPromptTokens,
    maxOutputTokens,
    maxCostMicros: maxCost,
    wallets: wallets.map((w) => ({
      id: w.id,
      scope: w.scope_type,
      availableMicros: (BigInt(w.balance_micros) - BigInt(w.reserved_micros)).toString(),
      covers: BigInt(w.balance_micros) - BigInt(w.reserved_micros) >= BigInt(maxCost),
    })),
    guardrail: { action: guard.action, blocked: guard.blocked },
    wouldBeAdmitted: !guard.blocked && wallets.every((w) => BigInt(w.balance_micros) - BigInt(w.reserved_micros) >= BigInt(maxCost)),
  };
}
