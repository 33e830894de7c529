import { createAnthropicAdapter } from './anthropic-adapter.ts';
import { createGeminiAdapter } from './gemini-adapter.ts';
import { createOfflineAdapter } from './offline-provider.ts';
import { createOpenAiWireAdapter } from './openai-wire-adapter.ts';
import type { ProviderAdapter, ProviderKind } from './provider-types.ts';

const openAiWire = createOpenAiWireAdapter();
const anthropic = createAnthropicAdapter();
const gemini = createGeminiAdapter();
const offline = createOfflineAdapter();

/** Every kind has one adapter; eight of them speak OpenAI's wire format under another URL/auth. */
export function adapterFor(kind: ProviderKind): ProviderAdapter {
  if (kind === 'anthropic') return anthropic;
  if (kind === 'gemini') return gemini;
  if (kind === 'offline') return offline;
  return openAiWire;
}
