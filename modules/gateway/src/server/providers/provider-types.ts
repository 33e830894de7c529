import type { ChatCompletion, ChatRequest, EmbeddingRequest, EmbeddingResponse } from '../engine/openai-types.ts';

export const PROVIDER_KINDS = [
  'offline',
  'openai',
  'azure',
  'anthropic',
  'gemini',
  'mistral',
  'groq',
  'together',
  'openrouter',
  'ollama',
  'openai-compatible',
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export interface ProviderConfig {
  /** Azure: API version query parameter. */
  apiVersion?: string;
  /** Azure: deployment per model; defaults to the model name. */
  deployments?: Record<string, string>;
  /** Offline: simulated latency before the answer and between chunks. */
  latencyMs?: number;
  /** Offline: fixed completion token count instead of the estimate. */
  completionTokens?: number;
  headers?: Record<string, string>;
  /** Models listed in GET /v1/models as `<provider>/<model>`. */
  models?: string[];
}

/** One provider account, decrypted and ready to call. */
export interface ProviderTarget {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  apiKey: string | null;
  config: ProviderConfig;
}

export interface CallOptions {
  target: ProviderTarget;
  /** The model name the provider knows (without the provider prefix). */
  model: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Chunk payloads in OpenAI chat.completion.chunk JSON, one per SSE event, usage chunk last. */
export type ChunkStream = AsyncIterable<string>;

export interface ProviderAdapter {
  chat(req: ChatRequest, opts: CallOptions): Promise<ChatCompletion>;
  /** Resolves once the provider accepted the call (status 200), so failover can still happen before the first byte. */
  stream(req: ChatRequest, opts: CallOptions): Promise<ChunkStream>;
  embed(req: EmbeddingRequest, opts: CallOptions): Promise<EmbeddingResponse>;
  /** A cheap authenticated call (list models). */
  verify(opts: CallOptions): Promise<void>;
}

/** A failed provider call; `retryable` covers 429, 5xx, timeouts and network errors. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly status: number;
  readonly retryable: boolean;
  readonly kind: 'http' | 'timeout' | 'network';
  readonly retryAfterMs: number | null;

  constructor(message: string, status: number, kind: 'http' | 'timeout' | 'network', retryAfterMs: number | null = null) {
    super(message);
    this.status = status;
    this.kind = kind;
    this.retryable = kind !== 'http' || status === 429 || status >= 500 || status === 408;
    this.retryAfterMs = retryAfterMs;
  }
}
