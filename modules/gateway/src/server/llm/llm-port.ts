import { createHash } from 'node:crypto';
import { isAppError, type LlmCallerCredential, type LlmChatRequest, type LlmChatResult, type LlmClient, type LlmStreamEvent } from '@tessera/core';
import type { CallInput, GatewayService } from '../engine/gateway-service.ts';
import type { ChatCompletion, ChatMessage, ChatRequest } from '../engine/openai-types.ts';
import { DEFAULT_BASE_URLS } from '../providers/openai-wire-adapter.ts';
import { toProviderError } from '../providers/http-client.ts';
import { adapterFor } from '../providers/provider-registry.ts';
import type { ProviderKind, ProviderTarget } from '../providers/provider-types.ts';

const BYO_KINDS: Record<string, ProviderKind> = { openai: 'openai', anthropic: 'anthropic', gemini: 'gemini', 'openai-compatible': 'openai-compatible' };

export function byoTarget(credential: LlmCallerCredential): ProviderTarget {
  const kind = BYO_KINDS[credential.provider];
  if (!kind) throw new Error(`unsupported credential provider ${credential.provider}`);
  const baseUrl = credential.baseUrl ?? DEFAULT_BASE_URLS[kind];
  if (!baseUrl) throw new Error('an openai-compatible credential needs a baseUrl');
  const fingerprint = createHash('sha256').update(`${kind}:${baseUrl}:${credential.apiKey}`).digest('hex').slice(0, 12);
  return { id: `byo-${fingerprint}`, name: `byo-${credential.provider}`, kind, baseUrl, apiKey: credential.apiKey, config: {} };
}

function toChatRequest(req: LlmChatRequest, model: string, stream: boolean): ChatRequest {
  const messages: ChatMessage[] = req.messages.map((m) => ({
    role: m.role,
    content: m.content,
    ...(m.name ? { name: m.name } : {}),
    ...(m.toolCallId ? { tool_call_id: m.toolCallId } : {}),
    ...(m.toolCalls?.length
      ? { tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) }
      : {}),
  }));
  const body: ChatRequest = { model, messages, stream };
  if (req.tools?.length)
    body.tools = req.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
  if (req.maxTokens) body.max_tokens = req.maxTokens;
  if (typeof req.temperature === 'number') body.temperature = req.temperature;
  if (req.responseFormat === 'json') body.response_format = { type: 'json_object' };
  if (stream) body.stream_options = { include_usage: true };
  return body;
}

function toResult(c: ChatCompletion, provider: string, costMicros: number, latencyMs: number): LlmChatResult {
  const choice = c.choices[0];
  return {
    id: c.id,
    model: c.model,
    provider,
    content: choice?.message.content ?? null,
    toolCalls: (choice?.message.tool_calls ?? []).map((t) => ({ id: t.id, name: t.function.name, arguments: t.function.arguments })),
    finishReason: choice?.finish_reason ?? 'stop',
    usage: { promptTokens: c.usage.prompt_tokens, completionTokens: c.usage.completion_tokens, costMicros },
    latencyMs,
  };
}

function retryableForFallback(err: unknown): boolean {
  return (
    isAppError(err) &&
    ['GATEWAY_PROVIDER_ERROR', 'GATEWAY_PROVIDER_TIMEOUT', 'GATEWAY_PROVIDER_RATE_LIMITED', 'GATEWAY_CIRCUIT_OPEN', 'GATEWAY_MODEL_NOT_FOUND'].includes(
      err.code,
    )
  );
}

/** The core LLM port, in-process: other modules' calls are routed, metered and budgeted like /v1 calls. */
export function createLlmPort(service: GatewayService): LlmClient {
  let seq = 0;
  const input = (req: LlmChatRequest, model: string, stream: boolean): CallInput => ({
    caller: { orgId: req.orgId, apiKeyId: req.caller.apiKeyId ?? null, userId: req.caller.userId ?? null, ip: null, source: `llm:${req.caller.module}` },
    body: toChatRequest(req, model, stream),
    metadata: { module: req.caller.module, purpose: req.caller.purpose },
    cache: 'bypass',
    ...(req.credential ? { target: byoTarget(req.credential) } : {}),
    ...(req.timeoutMs ? { timeoutMs: req.timeoutMs } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
    collect: stream,
  });
  const requestId = () => `llm-${process.pid.toString(36)}-${(seq++).toString(36)}-${Date.now().toString(36)}`;

  return {
    async chat(req) {
      const models = [req.model, ...(req.fallbackModels ?? [])];
      let lastErr: unknown = null;
      for (const model of models) {
        const started = performance.now();
        try {
          const out = await service.chat(input(req, model, false), requestId());
          if (out.kind !== 'json') throw new Error('unexpected stream');
          return toResult(out.body, out.meta.provider, out.meta.costMicros, Math.round(performance.now() - started));
        } catch (err) {
          lastErr = err;
          if (!retryableForFallback(err)) throw err;
        }
      }
      throw lastErr;
    },
    async *stream(req): AsyncGenerator<LlmStreamEvent> {
      const started = performance.now();
      const out = await service.chat(input(req, req.model, true), requestId());
      if (out.kind === 'json') {
        const result = toResult(out.body, out.meta.provider, out.meta.costMicros, Math.round(performance.now() - started));
        if (result.content) yield { type: 'delta', text: result.content };
        for (const call of result.toolCalls) yield { type: 'tool_call', call };
        yield { type: 'done', result };
        return;
      }
      for await (const payload of out.events) {
        const chunk = JSON.parse(payload) as { choices?: { delta?: { content?: string | null } }[] };
        const text = chunk.choices?.[0]?.delta?.content;
        if (text) yield { type: 'delta', text };
      }
      const { body } = await out.done;
      if (!body) throw new Error('stream ended without a result');
      const result = toResult(body, out.meta.provider, out.meta.costMicros, Math.round(performance.now() - started));
      for (const call of result.toolCalls) yield { type: 'tool_call', call };
      yield { type: 'done', result };
    },
    async verifyCredential(_orgId, credential) {
      let target: ProviderTarget;
      try {
        target = byoTarget(credential);
      } catch (err) {
        return { status: 'invalid', detail: (err as Error).message };
      }
      try {
        await adapterFor(target.kind).verify({ target, model: '', timeoutMs: 10_000 });
        return { status: 'valid', detail: `${credential.provider} accepted the credential` };
      } catch (err) {
        const pe = toProviderError(err);
        if (pe.kind === 'http' && (pe.status === 401 || pe.status === 403))
          return { status: 'invalid', detail: `${credential.provider} refused the credential (${pe.status})` };
        if (pe.kind === 'http' && pe.status === 429) return { status: 'rate_limited', detail: `${credential.provider} is rate limiting this credential` };
        return { status: 'unverified', detail: `could not verify: ${pe.message.slice(0, 200)}` };
      }
    },
  };
}
