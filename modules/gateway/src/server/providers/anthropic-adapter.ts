import type { ChatChunk, ChatCompletion, ChatRequest, ChatToolCall, FinishReason } from '../engine/openai-types.ts';
import { textOf, usageOf } from '../engine/openai-types.ts';
import { upstream, upstreamJson } from './http-client.ts';
import type { CallOptions, ChunkStream, ProviderAdapter } from './provider-types.ts';
import { ProviderError } from './provider-types.ts';
import { parseSse } from './sse-parser.ts';
import { imageSourceOf } from '../engine/image-parts.ts';

const VERSION = '2023-06-01';
const DEFAULT_MAX_TOKENS = 4096;

type Block =
  | { type: 'text'; text: string }
  | { type: 'image'; source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string } }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content: string };
interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: Block[];
}
interface AnthropicResponse {
  id: string;
  model: string;
  content: Block[];
  stop_reason: string | null;
  usage: { input_tokens: number; output_tokens: number; cache_read_input_tokens?: number; cache_creation_input_tokens?: number };
}

export function anthropicStopToFinish(reason: string | null | undefined): FinishReason {
  if (reason === 'max_tokens') return 'length';
  if (reason === 'tool_use') return 'tool_calls';
  if (reason === 'refusal') return 'content_filter';
  return 'stop';
}

function parseArgs(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

/** Text and image parts in order; images inline (base64) or by URL, as Anthropic takes them. */
function userBlocks(content: ChatRequest['messages'][number]['content']): Block[] {
  if (!Array.isArray(content)) return [{ type: 'text', text: textOf(content) }];
  const blocks: Block[] = [];
  for (const part of content) {
    if (part.type === 'text') blocks.push({ type: 'text', text: part.text });
    else if (part.type === 'image_url') {
      const src = imageSourceOf(part.image_url.url);
      blocks.push({
        type: 'image',
        source: src.kind === 'base64' ? { type: 'base64', media_type: src.mediaType, data: src.data } : { type: 'url', url: src.url },
      });
    }
  }
  return blocks;
}

/** OpenAI chat request -> Anthropic Messages request (system hoisted, tool results as user blocks). */
export function toAnthropicRequest(req: ChatRequest, model: string): Record<string, unknown> {
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  const push = (role: 'user' | 'assistant', blocks: Block[]) => {
    const last = messages.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const m of req.messages) {
    if (m.role === 'system' || m.role === 'developer') system.push(textOf(m.content));
    else if (m.role === 'tool') push('user', [{ type: 'tool_result', tool_use_id: m.tool_call_id ?? '', content: textOf(m.content) }]);
    else if (m.role === 'assistant') {
      const blocks: Block[] = [];
      const text = textOf(m.content);
      if (text) blocks.push({ type: 'text', text });
      for (const tc of m.tool_calls ?? []) blocks.push({ type: 'tool_use', id: tc.id, name: tc.function.name, input: parseArgs(tc.function.arguments) });
      push('assistant', blocks);
    } else push('user', userBlocks(m.content));
  }
  if (req.response_format?.type === 'json_object' || req.response_format?.type === 'json_schema') system.push('Answer with one valid JSON object only.');
  const out: Record<string, unknown> = { model, messages, max_tokens: req.max_completion_tokens ?? req.max_tokens ?? DEFAULT_MAX_TOKENS };
  if (system.length) out.system = system.join('\n\n');
  if (typeof req.temperature === 'number') out.temperature = req.temperature;
  if (typeof req.top_p === 'number') out.top_p = req.top_p;
  if (req.stop) out.stop_sequences = Array.isArray(req.stop) ? req.stop : [req.stop];
  if (req.tools?.length) {
    out.tools = req.tools.map((t) => ({
      name: t.function.name,
      description: t.function.description ?? '',
      input_schema: t.function.parameters ?? { type: 'object', properties: {} },
    }));
    const choice = req.tool_choice;
    if (choice === 'required') out.tool_choice = { type: 'any' };
    else if (choice === 'none') out.tool_choice = { type: 'none' };
    else if (choice && typeof choice === 'object') out.tool_choice = { type: 'tool', name: (choice as { function: { name: string } }).function.name };
  }
  return out;
}

export function fromAnthropicResponse(res: AnthropicResponse, model: string): ChatCompletion {
  const text = res.content
    .filter((b) => b.type === 'text')
    .map((b) => (b as { text: string }).text)
    .join('');
  const toolCalls: ChatToolCall[] = res.content
    .filter((b): b is Extract<Block, { type: 'tool_use' }> => b.type === 'tool_use')
    .map((b) => ({ id: b.id, type: 'function', function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) } }));
  const read = res.usage.cache_read_input_tokens ?? 0;
  const write = res.usage.cache_creation_input_tokens ?? 0;
  const prompt = res.usage.input_tokens + read + write;
  return {
    id: res.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || (toolCalls.length ? null : ''), ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
        finish_reason: anthropicStopToFinish(res.stop_reason),
        logprobs: null,
      },
    ],
    usage: usageOf(prompt, res.usage.output_tokens, read, write),
  };
}

function headersFor(opts: CallOptions): Record<string, string> {
  return { 'x-api-key': opts.target.apiKey ?? '', 'anthropic-version': VERSION, ...(opts.target.config.headers ?? {}) };
}

function base(opts: CallOptions): string {
  return opts.target.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export function createAnthropicAdapter(): ProviderAdapter {
  return {
    async chat(req, opts) {
      const body = JSON.stringify(toAnthropicRequest(req, opts.model));
      const res = await upstreamJson<AnthropicResponse>(`${base(opts)}/v1/messages`, {
        headers: headersFor(opts),
        body,
        timeoutMs: opts.timeoutMs,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      return fromAnthropicResponse(res, req.model);
    },
    async stream(req, opts) {
      const body = JSON.stringify({ ...toAnthropicRequest(req, opts.model), stream: true });
      const res = await upstream(`${base(opts)}/v1/messages`, {
        headers: { ...headersFor(opts), accept: 'text/event-stream' },
        body,
        timeoutMs: opts.timeoutMs,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      return anthropicToChunks(res.body, req.model);
    },
    async embed() {
      throw new ProviderError('Anthropic has no embeddings API', 400, 'http');
    },
    async verify(opts) {
      const res = await upstream(`${base(opts)}/v1/models`, { method: 'GET', headers: headersFor(opts), timeoutMs: opts.timeoutMs });
      await res.body.dump();
    },
  };
}

/** Anthropic stream events -> OpenAI chunks: role first, text and tool-call deltas, finish, then usage. */
async function* anthropicToChunks(body: AsyncIterable<Buffer>, model: string): ChunkStream {
  let id = 'msg';
  let prompt = 0;
  let completion = 0;
  let cacheRead = 0;
  let cacheWrite = 0;
  let finish: FinishReason = 'stop';
  let toolIndex = -1;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: ChatChunk['choices'][0]['delta'], finishReason: FinishReason | null = null): string =>
    JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }] } satisfies ChatChunk);
  for await (const ev of parseSse(body)) {
    const data = JSON.parse(ev.data) as Record<string, unknown> & { type: string };
    switch (data.type) {
      case 'message_start': {
        const msg = data.message as AnthropicResponse;
        id = msg.id;
        cacheRead = msg.usage.cache_read_input_tokens ?? 0;
        cacheWrite = msg.usage.cache_creation_input_tokens ?? 0;
        prompt = msg.usage.input_tokens + cacheRead + cacheWrite;
        completion = msg.usage.output_tokens ?? 0;
        yield chunk({ role: 'assistant', content: '' });
        break;
      }
      case 'content_block_start': {
        const block = data.content_block as Block;
        if (block.type === 'tool_use') {
          toolIndex++;
          yield chunk({ tool_calls: [{ index: toolIndex, id: block.id, type: 'function', function: { name: block.name, arguments: '' } }] });
        }
        break;
      }
      case 'content_block_delta': {
        const delta = data.delta as { type: string; text?: string; partial_json?: string };
        if (delta.type === 'text_delta') yield chunk({ content: delta.text ?? '' });
        else if (delta.type === 'input_json_delta') yield chunk({ tool_calls: [{ index: toolIndex, function: { arguments: delta.partial_json ?? '' } }] });
        break;
      }
      case 'message_delta': {
        const d = data.delta as { stop_reason?: string };
        finish = anthropicStopToFinish(d.stop_reason);
        const u = data.usage as { output_tokens?: number } | undefined;
        if (u?.output_tokens !== undefined) completion = u.output_tokens;
        break;
      }
      case 'error': {
        const e = data.error as { message?: string; type?: string };
        throw new ProviderError(e.message ?? 'stream error', e.type === 'overloaded_error' ? 529 : 500, 'http');
      }
      default:
        break;
    }
  }
  yield chunk({}, finish);
  yield JSON.stringify({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [],
    usage: usageOf(prompt, completion, cacheRead, cacheWrite),
  } satisfies ChatChunk);
}
