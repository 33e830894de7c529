/**
 * The port through which modules call language models. The gateway module implements it
 * in-process, so every model call a module makes is routed, metered and budgeted like an
 * external API call. Modules never import the gateway: they receive this interface.
 */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  toolCalls?: LlmToolCall[];
  toolCallId?: string;
  name?: string;
}

export interface LlmToolCall {
  id: string;
  name: string;
  /** JSON text, as models produce it. */
  arguments: string;
}

export interface LlmToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface LlmCallerCredential {
  /** `openai`, `anthropic`, `gemini` or `openai-compatible`. */
  provider: string;
  apiKey: string;
  baseUrl?: string;
}

export interface LlmChatRequest {
  orgId: string;
  /** Who the call is for: metering and budgets attach here. */
  caller: { userId?: string | null; apiKeyId?: string | null; module: string; purpose: string };
  model: string;
  messages: LlmMessage[];
  tools?: LlmToolDefinition[];
  maxTokens?: number;
  temperature?: number;
  responseFormat?: 'text' | 'json';
  /** Bring-your-own-model: the user's own credential, decrypted just for this call. */
  credential?: LlmCallerCredential;
  fallbackModels?: string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  /** Cost in integer micro-dollars (1e-6 USD). */
  costMicros: number;
}

export interface LlmChatResult {
  id: string;
  model: string;
  provider: string;
  content: string | null;
  toolCalls: LlmToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  usage: LlmUsage;
  latencyMs: number;
}

export type LlmStreamEvent = { type: 'delta'; text: string } | { type: 'tool_call'; call: LlmToolCall } | { type: 'done'; result: LlmChatResult };

export interface LlmClient {
  chat(request: LlmChatRequest): Promise<LlmChatResult>;
  stream(request: LlmChatRequest): AsyncIterable<LlmStreamEvent>;
  /** Checks a user's credential with a cheap call: invalid, rate-limited, or could not verify. */
  verifyCredential(orgId: string, credential: LlmCallerCredential): Promise<{ status: 'valid' | 'invalid' | 'rate_limited' | 'unverified'; detail: string }>;
}

/** Where the gateway registers itself; modules ask here and get LLM_UNAVAILABLE if it is off. */
export class LlmClientSlot {
  private client: LlmClient | null = null;

  provide(client: LlmClient): void {
    this.client = client;
  }

  get(): LlmClient | null {
    return this.client;
  }
}
