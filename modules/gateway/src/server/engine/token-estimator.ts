import type { ChatRequest } from './openai-types.ts';
import { textOf } from './openai-types.ts';

/**
 * A deterministic token estimate (about 4 characters per token plus per-message overhead, like
 * OpenAI's accounting). It sizes budget reservations and is the offline provider's token count;
 * real providers' reported usage always wins for billing.
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

export function estimatePromptTokens(req: Pick<ChatRequest, 'messages' | 'tools'>): number {
  let n = 3;
  for (const m of req.messages) {
    n += 4 + estimateTextTokens(textOf(m.content));
    if (Array.isArray(m.content)) for (const part of m.content) if (part.type === 'image_url') n += IMAGE_TOKENS;
    for (const tc of m.tool_calls ?? []) n += 3 + estimateTextTokens(tc.function.name) + estimateTextTokens(tc.function.arguments);
  }
  if (req.tools?.length) n += estimateTextTokens(JSON.stringify(req.tools));
  return n;
}

export function estimateEmbeddingTokens(input: unknown): number {
  const items = Array.isArray(input) ? input : [input];
  let n = 0;
  for (const item of items) n += typeof item === 'string' ? estimateTextTokens(item) : Array.isArray(item) ? item.length : 1;
  return Math.max(1, n);
}
