import type { ChatChunk, ChatCompletion, ChatMessage, ChatRequest, ChatTool, ContentPart, FinishReason, Usage } from './openai-types.ts';
import { imageUrlOf } from './image-parts.ts';

type InBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; source?: { type: 'base64'; media_type?: string; data?: string } | { type: 'url'; url?: string } }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content?: string | { type: string; text?: string }[]; is_error?: boolean };

export interface AnthropicRequest {
  model: string;
  max_tokens: number;
  messages: { role: 'user' | 'assistant'; content: string | InBlock[] }[];
  system?: string | { type: 'text'; text: string }[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  tools?: { name: string; description?: string; input_schema?: Record<string, unknown> }[];
  tool_choice?: { type: 'auto' | 'any' | 'tool' | 'none'; name?: string };
  metadata?: { user_id?: string };
}

function blockText(content: string | { type: string; text?: string }[] | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((b) => b.text ?? '').join('');
}

function userParts(blocks: InBlock[]): ContentPart[] {
  const parts: ContentPart[] = [];
  for (const b of blocks) {
    if (b.type === 'text') parts.push({ type: 'text', text: b.text });
    else if (b.type === 'image' && b.source) {
      const url =
        b.source.type === 'base64'
          ? imageUrlOf({ kind: 'base64', mediaType: b.source.media_type ?? 'image/png', data: b.source.data ?? '' })
          : (b.source.url ?? '');
      if (url) parts.push({ type: 'image_url', image_url: { url } });
    }
  }
  return parts;
}

/** Anthropic Messages request -> the canonical OpenAI request (tool_result blocks become tool messages). */
export function anthropicToOpenAi(req: AnthropicRequest): ChatRequest {
  const messages: ChatMessage[] = [];
  if (req.system) messages.push({ role: 'system', content: typeof req.system === 'string' ? req.system : req.system.map((b) => b.text).join('\n') });
  for (const m of req.messages) {
    if (typeof m.content === 'string') {
      messages.push({ role: m.role, content: m.content });
      continue;
    }
    const text = m.content
      .filter((b): b is Extract<InBlock, { type: 'text' }> => b.type === 'text')
      .map((b) => b.text)
      .join('');
    if (m.role === 'assistant') {
      const calls = m.content
        .filter((b): b is Extract<InBlock, { type: 'tool_use' }> => b.type === 'tool_use')
        .map((b) => ({ id: b.id, type: 'function' as const, function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) } }));
      messages.push({ role: 'assistant', content: text || null, ...(calls.length ? { tool_calls: calls } : {}) });
      continue;
    }
    for (const b of m.content) if (b.type === 'tool_result') messages.push({ role: 'tool', tool_call_id: b.tool_use_id, content: blockText(b.content) });
    const images = m.content.filter((b): b is Extract<InBlock, { type: 'image' }> => b.type === 'image');
    // With images the text and image blocks keep their order as OpenAI content parts.
    if (images.length) messages.push({ role: 'user', content: userParts(m.content) });
    else if (text || !m.content.some((b) => b.type === 'tool_result')) messages.push({ role: 'user', content: text });
  }
  const out: ChatRequest = { model: req.model, messages, max_tokens: req.max_tokens, stream: Boolean(req.stream) };
  if (typeof req.temperature === 'number') out.temperature = req.temperature;
  if (typeof req.top_p === 'number') out.top_p = req.top_p;
  if (req.stop_sequences?.length) out.stop = req.stop_sequences;
  if (req.tools?.length)
    out.tools = req.tools.map((t): ChatTool => ({
      type: 'function',
      function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.input_schema ?? { type: 'object', properties: {} } },
    }));
  if (req.tool_choice?.type === 'any') out.tool_choice = 'required';
  else if (req.tool_choice?.type === 'none') out.tool_choice = 'none';
  else if (req.tool_choice?.type === 'tool' && req.tool_choice.name) out.tool_choice = { type: 'function', function: { name: req.tool_choice.name } };
  if (req.metadata?.user_id) out.user = req.metadata.user_id;
  return out;
}

/** Anthropic counts cache reads and writes apart from input_tokens. */
function anthropicInput(u: Usage): Record<string, number> {
  const read = u.prompt_tokens_details?.cached_tokens ?? 0;
  const write = u.prompt_tokens_details?.cache_creation_tokens ?? 0;
  if (!read && !write) return { input_tokens: u.prompt_tokens };
  return { input_tokens: u.prompt_tokens - read - write, cache_read_input_tokens: read, cache_creation_input_tokens: write };
}

export function finishToStop(reason: FinishReason | null | undefined): string {
  if (reason === 'length') return 'max_tokens';
  if (reason === 'tool_calls') return 'tool_use';
  if (reason === 'content_filter') return 'refusal';
  return 'end_turn';
}

function parseArgs(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

export function openAiToAnthropic(c: ChatCompletion, model: string): Record<string, unknown> {
  const choice = c.choices[0];
  const content: Record<string, unknown>[] = [];
  if (choice?.message.content) content.push({ type: 'text', text: choice.message.content });
  for (const tc of choice?.message.tool_calls ?? [])
    content.push({ type: 'tool_use', id: tc.id, name: tc.function.name, input: parseArgs(tc.function.arguments) });
  return {
    id: c.id.startsWith('msg_') ? c.id : `msg_${c.id}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: finishToStop(choice?.finish_reason),
    stop_sequence: null,
    usage: { ...anthropicInput(c.usage), output_tokens: c.usage.completion_tokens },
  };
}

function sse(event: string, data: Record<string, unknown>): string {
  return `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;
}

/**
 * OpenAI chunk payloads -> Anthropic's event stream. A failure after the stream started (headers
 * are gone) ends it with Anthropic's `error` event, which its SDKs raise, instead of a cut connection.
 */
export async function* chunksToAnthropicEvents(payloads: AsyncIterable<string>, model: string, promptEstimate: number): AsyncGenerator<string> {
  try {
    yield* translateChunks(payloads, model, promptEstimate);
  } catch (err) {
    yield sse('error', { error: { type: 'api_error', message: (err as Error).message } });
  }
}

/** Blocks opened and closed in order, usage from the usage chunk. */
async function* translateChunks(payloads: AsyncIterable<string>, model: string, promptEstimate: number): AsyncGenerator<string> {
  let started = false;
  let block = -1;
  let blockKind: 'text' | 'tool' | null = null;
  const toolBlock = new Map<number, number>();
  let finish: FinishReason | null = null;
  let input: Record<string, number> = { input_tokens: promptEstimate };
  let output = 0;
  const open = (kind: 'text' | 'tool', start: Record<string, unknown>) => {
    const out: string[] = [];
    if (blockKind !== null) out.push(sse('content_block_stop', { index: block }));
    block++;
    blockKind = kind;
    out.push(sse('content_block_start', { index: block, content_block: start }));
    return out.join('');
  };
  for await (const payload of payloads) {
    const chunk = JSON.parse(payload) as ChatChunk;
    if (!started) {
      started = true;
      yield sse('message_start', {
        message: {
          id: `msg_${chunk.id}`,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: promptEstimate, output_tokens: 1 },
        },
      });
    }
    if (chunk.usage) {
      input = anthropicInput(chunk.usage);
      output = chunk.usage.completion_tokens;
    }
    for (const c of chunk.choices ?? []) {
      if (c.delta.content) {
        if (blockKind !== 'text') yield open('text', { type: 'text', text: '' });
        yield sse('content_block_delta', { index: block, delta: { type: 'text_delta', text: c.delta.content } });
      }
      for (const t of c.delta.tool_calls ?? []) {
        if (!toolBlock.has(t.index)) {
          yield open('tool', { type: 'tool_use', id: t.id ?? `toolu_${t.index}`, name: t.function?.name ?? '', input: {} });
          toolBlock.set(t.index, block);
        }
        if (t.function?.arguments)
          yield sse('content_block_delta', { index: toolBlock.get(t.index), delta: { type: 'input_json_delta', partial_json: t.function.arguments } });
      }
      if (c.finish_reason) finish = c.finish_reason;
    }
  }
  if (!started)
    yield sse('message_start', {
      message: {
        id: 'msg_empty',
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...input, output_tokens: 0 },
      },
    });
  if (blockKind !== null) yield sse('content_block_stop', { index: block });
  yield sse('message_delta', { delta: { stop_reason: finishToStop(finish), stop_sequence: null }, usage: { ...input, output_tokens: output } });
  yield sse('message_stop', {});
}
