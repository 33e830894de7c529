import type { ChatChunk, ChatCompletion, ChatToolCall, FinishReason, Usage } from './openai-types.ts';
import { usageOf } from './openai-types.ts';

export interface MeterOptions {
  includeUsage: boolean;
  promptEstimate: number;
  onFirstToken: () => void;
  onEnd: (usage: Usage, completed: boolean) => void;
  /** Rebuild the whole answer (the in-process LLM port needs it); off on the HTTP path. */
  collect?: boolean;
}

// Chunk JSON that is not content (id, model, created...) is about this long; used only when a provider reports no usage.
const CHUNK_OVERHEAD = 140;
const USAGE_OBJECT = /"usage":\s*\{/;

/**
 * Passes chunk payloads through untouched except the usage chunk: usage is always requested
 * upstream and read here (so a streamed call is billed exactly like the same call unstreamed),
 * then dropped for clients that did not ask for it. Only payloads mentioning usage are parsed.
 */
export function meterStream(
  source: AsyncIterable<string>,
  opts: MeterOptions,
): { events: AsyncIterable<string>; done: Promise<{ body: ChatCompletion | null }> } {
  let resolveDone: (v: { body: ChatCompletion | null }) => void = () => undefined;
  const done = new Promise<{ body: ChatCompletion | null }>((r) => {
    resolveDone = r;
  });
  async function* run(): AsyncGenerator<string> {
    let usage: Usage | null = null;
    let rough = 0;
    let first = true;
    let completed = false;
    let last: ChatChunk | null = null;
    let content = '';
    const calls: ChatToolCall[] = [];
    let finish: FinishReason = 'stop';
    try {
      for await (const payload of source) {
        rough += Math.max(0, payload.length - CHUNK_OVERHEAD);
        if (first && (payload.includes('"tool_calls"') || /"content":"[^"]/.test(payload))) {
          first = false;
          opts.onFirstToken();
        }
        let out: string | null = payload;
        if (opts.collect || (payload.includes('"usage"') && USAGE_OBJECT.test(payload))) {
          const chunk = JSON.parse(payload) as ChatChunk;
          last = chunk;
          if (chunk.usage) {
            usage = chunk.usage;
            if (!opts.includeUsage) {
              if (!chunk.choices?.length) out = null;
              else {
                delete chunk.usage;
                out = JSON.stringify(chunk);
              }
            }
          }
          if (opts.collect) {
            for (const c of chunk.choices ?? []) {
              if (c.delta.content) content += c.delta.content;
              for (const t of c.delta.tool_calls ?? []) {
                const slot = calls[t.index] ?? { id: t.id ?? `call_${t.index + 1}`, type: 'function' as const, function: { name: '', arguments: '' } };
                if (t.function?.name) slot.function.name += t.function.name;
                if (t.function?.arguments) slot.function.arguments += t.function.arguments;
                calls[t.index] = slot;
              }
              if (c.finish_reason) finish = c.finish_reason;
            }
          }
        }
        if (out !== null) yield out;
      }
      completed = true;
      if (!usage && opts.includeUsage) {
        const synthetic: ChatChunk = {
          id: last?.id ?? 'chatcmpl',
          object: 'chat.completion.chunk',
          created: Math.floor(Date.now() / 1000),
          model: last?.model ?? '',
          choices: [],
          usage: usageOf(opts.promptEstimate, Math.ceil(rough / 4)),
        };
        yield JSON.stringify(synthetic);
      }
    } finally {
      const final = usage ?? usageOf(opts.promptEstimate, Math.ceil(rough / 4));
      opts.onEnd(final, completed);
      resolveDone({
        body: opts.collect
          ? {
              id: last?.id ?? 'chatcmpl',
              object: 'chat.completion',
              created: last?.created ?? Math.floor(Date.now() / 1000),
              model: last?.model ?? '',
              choices: [
                {
                  index: 0,
                  message: { role: 'assistant', content: content || (calls.length ? null : ''), ...(calls.length ? { tool_calls: calls } : {}) },
                  finish_reason: finish,
                  logprobs: null,
                },
              ],
              usage: final,
            }
          : null,
      });
    }
  }
  return { events: run(), done };
}
