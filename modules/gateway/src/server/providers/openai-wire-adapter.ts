import type { ChatCompletion, ChatRequest, EmbeddingRequest, EmbeddingResponse } from '../engine/openai-types.ts';
import { upstream, upstreamJson, upstreamJsonRaw } from './http-client.ts';
import { ProviderError, type CallOptions, type ChunkStream, type ProviderAdapter, type ProviderKind, type ProviderTarget } from './provider-types.ts';
import { parseSse } from './sse-parser.ts';

export const DEFAULT_BASE_URLS: Partial<Record<ProviderKind, string>> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  gemini: 'https://generativelanguage.googleapis.com',
  mistral: 'https://api.mistral.ai/v1',
  groq: 'https://api.groq.com/openai/v1',
  together: 'https://api.together.xyz/v1',
  openrouter: 'https://openrouter.ai/api/v1',
  ollama: 'http://127.0.0.1:11434/v1',
};

// Providers whose streams carry usage without (or reject) the stream_options field.
const NO_STREAM_OPTIONS = new Set<ProviderKind>(['mistral']);
// Providers that know OpenAI's newer max_completion_tokens; the others get it as max_tokens.
const KNOWS_MAX_COMPLETION = new Set<ProviderKind>(['openai', 'azure', 'groq', 'offline']);

/** The request body for this provider: its model name, and the output cap under the name it reads. */
function wireBody(req: ChatRequest, opts: CallOptions, stream: boolean): string {
  const streamOptions = stream && !NO_STREAM_OPTIONS.has(opts.target.kind) ? { include_usage: true } : undefined;
  if (typeof req.max_completion_tokens === 'number' && req.max_tokens == null && !KNOWS_MAX_COMPLETION.has(opts.target.kind))
    return JSON.stringify({
      ...req,
      model: opts.model,
      stream,
      stream_options: streamOptions,
      max_tokens: req.max_completion_tokens,
      max_completion_tokens: undefined,
    });
  return JSON.stringify({ ...req, model: opts.model, stream, stream_options: streamOptions });
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

type Op = 'chat/completions' | 'embeddings' | 'models';
type Endpoint = { url: string; headers: Record<string, string> };
// Per target object (rebuilt whenever the organization's config reloads), per model and operation.
const endpoints = new WeakMap<ProviderTarget, Map<string, Endpoint>>();

/** Cached: the URL and headers of a target do not change while the target object lives. */
function endpoint(target: ProviderTarget, model: string, op: Op): Endpoint {
  let perTarget = endpoints.get(target);
  if (!perTarget) {
    perTarget = new Map();
    endpoints.set(target, perTarget);
  }
  const key = `${op} ${model}`;
  let hit = perTarget.get(key);
  if (!hit) {
    hit = buildEndpoint(target, model, op);
    if (op !== 'models') hit.headers['content-type'] = 'application/json';
    if (perTarget.size > 1000) perTarget.clear();
    perTarget.set(key, hit);
  }
  return hit;
}

/** URL and auth headers per provider: most speak OpenAI's format under another base URL. */
function buildEndpoint(target: ProviderTarget, model: string, op: Op): Endpoint {
  const base = trimSlash(target.baseUrl);
  const headers: Record<string, string> = { ...(target.config.headers ?? {}) };
  if (target.kind === 'azure') {
    const version = target.config.apiVersion ?? '2024-10-21';
    if (target.apiKey) headers['api-key'] = target.apiKey;
    if (op === 'models') return { url: `${base}/openai/models?api-version=${version}`, headers };
    const deployment = target.config.deployments?.[model] ?? model;
    return { url: `${base}/openai/deployments/${encodeURIComponent(deployment)}/${op}?api-version=${version}`, headers };
  }
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  return { url: `${base}/${op}`, headers };
}

export function createOpenAiWireAdapter(): ProviderAdapter {
  return {
    async chat(req: ChatRequest, opts: CallOptions): Promise<ChatCompletion> {
      const { url, headers } = endpoint(opts.target, opts.model, 'chat/completions');
      const body = wireBody(req, opts, false);
      return upstreamJsonRaw<ChatCompletion>(url, { headers, body, timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) });
    },
    async stream(req: ChatRequest, opts: CallOptions): Promise<ChunkStream> {
      const { url, headers } = endpoint(opts.target, opts.model, 'chat/completions');
      // Usage is always requested upstream: metering needs it even when the client did not ask.
      const body = wireBody(req, opts, true);
      const res = await upstream(url, {
        headers: { ...headers, accept: 'text/event-stream' },
        body,
        timeoutMs: opts.timeoutMs,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      return payloads(res.body);
    },
    async embed(req: EmbeddingRequest, opts: CallOptions): Promise<EmbeddingResponse> {
      const { url, headers } = endpoint(opts.target, opts.model, 'embeddings');
      return upstreamJson<EmbeddingResponse>(url, { headers, body: JSON.stringify({ ...req, model: opts.model }), timeoutMs: opts.timeoutMs });
    },
    async verify(opts: CallOptions): Promise<void> {
      const { url, headers } = endpoint(opts.target, opts.model, 'models');
      const res = await upstream(url, { method: 'GET', headers, timeoutMs: opts.timeoutMs });
      await res.body.dump();
    },
  };
}

/** A provider error sent inside an accepted stream (`data: {"error":…}`) ends the stream as a failure. */
function streamError(data: string): ProviderError {
  let message = 'provider error in the stream';
  try {
    const parsed = JSON.parse(data) as { error?: { message?: string } | string };
    message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? message);
  } catch {
    // not JSON: keep the generic message
  }
  return new ProviderError(message, 502, 'http');
}

async function* payloads(body: AsyncIterable<Buffer>): ChunkStream {
  for await (const ev of parseSse(body)) {
    if (ev.data === '[DONE]') return;
    // Chunks start with {"id"…; only an error payload starts like this (one comparison per chunk).
    if (ev.data.startsWith('{"error"')) throw streamError(ev.data);
    yield ev.data;
  }
}
