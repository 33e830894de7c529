import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatChunk, ChatCompletion, ChatRequest, ChatToolCall, FinishReason } from '../engine/openai-types.ts';
import { textOf, usageOf } from '../engine/openai-types.ts';
import { estimateEmbeddingTokens, estimatePromptTokens, estimateTextTokens } from '../engine/token-estimator.ts';
import type { CallOptions, ChunkStream, ProviderAdapter } from './provider-types.ts';

export const OFFLINE_CHAT_MODEL = 'tessera-1';
export const OFFLINE_EMBED_MODEL = 'tessera-embed-1';
const EMBED_DIMS = 64;
const DIRECTIVE = /^@tool\s+(\S+)(?:\s+(.*))?$/;

interface OfflineAnswer {
  content: string | null;
  toolCalls: ChatToolCall[];
  finish: FinishReason;
}

/**
 * The scripted-tool protocol: `@tool <name> <json>` lines in system and user messages are played in
 * order, one per round (k = tool messages so far); without directives the first offered tool named
 * in the last user message is called once; otherwise a deterministic text answer.
 */
export function offlineAnswer(req: ChatRequest): OfflineAnswer {
  const lastUser = [...req.messages].reverse().find((m) => m.role === 'user');
  const lastUserText = textOf(lastUser?.content ?? '');
  const toolMessages = req.messages.filter((m) => m.role === 'tool');
  const k = toolMessages.length;
  if (req.tools?.length) {
    const names = req.tools.map((t) => t.function.name);
    const directives: { name: string; args: string }[] = [];
    for (const m of req.messages) {
      if (m.role !== 'system' && m.role !== 'user' && m.role !== 'developer') continue;
      for (const line of textOf(m.content).split('\n')) {
        const match = DIRECTIVE.exec(line.trim());
        if (match?.[1]) directives.push({ name: match[1], args: match[2]?.trim() || '{}' });
      }
    }
    const next = directives[k];
    if (next && names.includes(next.name))
      return {
        content: null,
        toolCalls: [{ id: `call_${k + 1}`, type: 'function', function: { name: next.name, arguments: next.args } }],
        finish: 'tool_calls',
      };
    if (directives.length === 0 && k === 0) {
      const named = names.find((n) => lastUserText.includes(n));
      if (named) return { content: null, toolCalls: [{ id: 'call_1', type: 'function', function: { name: named, arguments: '{}' } }], finish: 'tool_calls' };
    }
    const lastTool = toolMessages.at(-1);
    const summary = lastTool ? textOf(lastTool.content).slice(0, 400) : lastUserText.slice(0, 400);
    return { content: `Offline answer: ${summary}`, toolCalls: [], finish: 'stop' };
  }
  if (req.response_format?.type === 'json_object' || req.response_format?.type === 'json_schema') {
    return {
      content: JSON.stringify({
        answer: `Offline answer: ${lastUserText.slice(0, 200)}`,
        model: 'offline/tessera-1',
        prompt_tokens: estimatePromptTokens(req),
      }),
      toolCalls: [],
      finish: 'stop',
    };
  }
  const digest = createHash('sha256').update(JSON.stringify(req.messages)).digest('hex').slice(0, 8);
  return { content: `Offline answer: ${lastUserText.slice(0, 400)} [${digest}]`, toolCalls: [], finish: 'stop' };
}

function sized(req: ChatRequest, opts: CallOptions): { answer: OfflineAnswer; prompt: number; completion: number } {
  const answer = offlineAnswer(req);
  const prompt = estimatePromptTokens(req);
  let completion =
    opts.target.config.completionTokens ??
    estimateTextTokens(answer.content ?? '') + answer.toolCalls.reduce((n, c) => n + 3 + estimateTextTokens(c.function.arguments), 0);
  const max = req.max_completion_tokens ?? req.max_tokens;
  const isJson = req.response_format?.type === 'json_object' || req.response_format?.type === 'json_schema';
  if (typeof max === 'number' && completion > max && answer.content !== null && !isJson) {
    answer.content = answer.content.slice(0, max * 4);
    answer.finish = 'length';
    completion = max;
  }
  return { answer, prompt, completion };
}

function idFor(req: ChatRequest): string {
  return `chatcmpl-offline-${createHash('sha256').update(JSON.stringify(req.messages)).digest('hex').slice(0, 16)}`;
}

export function createOfflineAdapter(): ProviderAdapter {
  return {
    async chat(req, opts): Promise<ChatCompletion> {
      if (opts.target.config.latencyMs) await sleep(opts.target.config.latencyMs);
      const { answer, prompt, completion } = sized(req, opts);
      return {
        id: idFor(req),
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: req.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: answer.content, ...(answer.toolCalls.length ? { tool_calls: answer.toolCalls } : {}) },
            finish_reason: answer.finish,
            logprobs: null,
          },
        ],
        usage: usageOf(prompt, completion),
      };
    },
    async stream(req, opts): Promise<ChunkStream> {
      const { answer, prompt, completion } = sized(req, opts);
      const latency = opts.target.config.latencyMs ?? 0;
      return (async function* () {
        const id = idFor(req);
        const created = Math.floor(Date.now() / 1000);
        const chunk = (delta: ChatChunk['choices'][0]['delta'], finish: FinishReason | null = null) =>
          JSON.stringify({
            id,
            object: 'chat.completion.chunk',
            created,
            model: req.model,
            choices: [{ index: 0, delta, finish_reason: finish }],
          } satisfies ChatChunk);
        if (latency) await sleep(latency);
        yield chunk({ role: 'assistant', content: '' });
        const words = (answer.content ?? '').match(/\S+\s*/g) ?? [];
        for (let i = 0; i < words.length; i += 4) yield chunk({ content: words.slice(i, i + 4).join('') });
        for (const [index, c] of answer.toolCalls.entries())
          yield chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: c.function.arguments } }] });
        yield chunk({}, answer.finish);
        yield JSON.stringify({
          id,
          object: 'chat.completion.chunk',
          created,
          model: req.model,
          choices: [],
          usage: usageOf(prompt, completion),
        } satisfies ChatChunk);
      })();
    },
    async embed(req) {
      const inputs = (Array.isArray(req.input) ? req.input : [req.input]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
      const data = inputs.map((text, index) => {
        const bytes = Buffer.concat([0, 1].map((salt) => createHash('sha256').update(`${salt}:${text}`).digest()));
        const raw = Array.from(bytes.subarray(0, EMBED_DIMS), (b) => b / 127.5 - 1);
        const norm = Math.sqrt(raw.reduce((s, v) => s + v * v, 0)) || 1;
        return { object: 'embedding' as const, index, embedding: raw.map((v) => Number((v / norm).toFixed(6))) };
      });
      const tokens = estimateEmbeddingTokens(req.input);
      return { object: 'list', data, model: req.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
    },
    async verify() {
      return;
    },
  };
}
