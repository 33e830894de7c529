import type { ChatRequest } from './openai-types.ts';
import { textOf } from './openai-types.ts';

/**
 * A deterministic token estimate (about 4 characters per token plus per-message overhead, like
 * OpenAI's accounting). It sizes TPM holds and is the offline provider's token count; budget holds
 * use the upper bound below; real providers' reported usage always wins for billing.
 */
export function estimateTextTokens(text: string): number {
  if (!text) return 0;
  return Math.ceil(text.length / 4);
}

/**
 * Per image: about what a large image costs at the providers (OpenAI high detail ~1,100, Anthropic
 * up to ~1,600 tokens), so a budget hold does not count images as free.
 */
export const IMAGE_TOKENS = 1600;

function promptTokens(req: Pick<ChatRequest, 'messages' | 'tools'>, text: (s: string) => number): number {
  let n = 3;
  for (const m of req.messages) {
    n += 4 + text(textOf(m.content));
    if (Array.isArray(m.content)) for (const part of m.content) if (part.type === 'image_url') n += IMAGE_TOKENS;
    for (const tc of m.tool_calls ?? []) n += 3 + text(tc.function.name) + text(tc.function.arguments);
  }
  if (req.tools?.length) n += text(JSON.stringify(req.tools));
  return n;
}

export function estimatePromptTokens(req: Pick<ChatRequest, 'messages' | 'tools'>): number {
  return promptTokens(req, estimateTextTokens);
}

/**
 * Tokens a budget hold assumes for a text: half its UTF-8 bytes. Real tokenizers seldom pack fewer
 * than two bytes into a token (English runs about four, code three, CJK text about three bytes per
 * token), so unlike the estimate this is an upper bound, and a wallet cannot be overshot by calls
 * whose prompts turn out longer than estimated.
 */
export function holdTextTokens(text: string): number {
  return text ? Math.ceil(Buffer.byteLength(text, 'utf8') / 2) : 0;
}

/** What providers add for tool use on top of the tool definitions (Anthropic: up to ~350 tokens). */
export const TOOL_USE_TOKENS = 400;

/** Prompt tokens for the budget hold (upper bound); billing always uses the provider's usage. */
export function holdPromptTokens(req: Pick<ChatRequest, 'messages' | 'tools'>): number {
  return promptTokens(req, holdTextTokens) + (req.tools?.length ? TOOL_USE_TOKENS : 0);
}

function embeddingTokens(input: unknown, text: (s: string) => number): number {
  const items = Array.isArray(input) ? input : [input];
  let n = 0;
  for (const item of items) n += typeof item === 'string' ? text(item) : Array.isArray(item) ? item.length : 1;
  return Math.max(1, n);
}

export function estimateEmbeddingTokens(input: unknown): number {
  return embeddingTokens(input, estimateTextTokens);
}

export function holdEmbeddingTokens(input: unknown): number {
  return embeddingTokens(input, holdTextTokens);
}
