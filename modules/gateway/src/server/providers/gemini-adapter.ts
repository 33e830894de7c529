import type { ChatChunk, ChatCompletion, ChatRequest, ChatToolCall, FinishReason } from '../engine/openai-types.ts';
import { textOf, usageOf } from '../engine/openai-types.ts';
import { upstream, upstreamJson } from './http-client.ts';
import { ProviderError, type CallOptions, type ChunkStream, type ProviderAdapter } from './provider-types.ts';
import { parseSse } from './sse-parser.ts';
import { imageSourceOf, mediaTypeOfLink } from '../engine/image-parts.ts';

type Part = {
  text?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType: string; fileUri: string };
  functionCall?: { name: string; args?: unknown };
  functionResponse?: { name: string; response: unknown };
};
interface GeminiResponse {
  error?: { code?: number; message?: string; status?: string };
  candidates?: { content?: { parts?: Part[] }; finishReason?: string }[];
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number; cachedContentTokenCount?: number };
  responseId?: string;
}

function geminiFinish(reason: string | undefined, hasTools: boolean): FinishReason {
  if (hasTools) return 'tool_calls';
  if (reason === 'MAX_TOKENS') return 'length';
  if (reason === 'SAFETY' || reason === 'RECITATION' || reason === 'PROHIBITED_CONTENT') return 'content_filter';
  return 'stop';
}

function parseArgs(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

/** Text and image parts in order: inline bytes as inlineData, links as fileData. */
function userParts(content: ChatRequest['messages'][number]['content']): Part[] {
  if (!Array.isArray(content)) return [{ text: textOf(content) }];
  const parts: Part[] = [];
  for (const part of content) {
    if (part.type === 'text') parts.push({ text: part.text });
    else if (part.type === 'image_url') {
      const src = imageSourceOf(part.image_url.url);
      parts.push(
        src.kind === 'base64'
          ? { inlineData: { mimeType: src.mediaType, data: src.data } }
          : { fileData: { mimeType: mediaTypeOfLink(src.url), fileUri: src.url } },
      );
    }
  }
  return parts;
}

/** OpenAI chat request -> Gemini generateContent (roles user/model, tool results as functionResponse). */
export function toGeminiRequest(req: ChatRequest): Record<string, unknown> {
  const system: string[] = [];
  const contents: { role: 'user' | 'model'; parts: Part[] }[] = [];
  const toolNames = new Map<string, string>();
  const push = (role: 'user' | 'model', parts: Part[]) => {
    const last = contents.at(-1);
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  for (const m of req.messages) {
    if (m.role === 'system' || m.role === 'developer') system.push(textOf(m.content));
    else if (m.role === 'assistant') {
      const parts: Part[] = [];
      const text = textOf(m.content);
      if (text) parts.push({ text });
      for (const tc of m.tool_calls ?? []) {
        toolNames.set(tc.id, tc.function.name);
        parts.push({ functionCall: { name: tc.function.name, args: parseArgs(tc.function.arguments) } });
      }
      push('model', parts);
    } else if (m.role === 'tool') {
      const name = toolNames.get(m.tool_call_id ?? '') ?? m.name ?? 'tool';
      const text = textOf(m.content);
      let response: unknown;
      try {
        const parsed: unknown = JSON.parse(text);
        response = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { result: parsed };
      } catch {
        response = { result: text };
      }
      push('user', [{ functionResponse: { name, response } }]);
    } else push('user', userParts(m.content));
  }
  const generationConfig: Record<string, unknown> = {};
  const max = req.max_completion_tokens ?? req.max_tokens;
  if (typeof max === 'number') generationConfig.maxOutputTokens = max;
  if (typeof req.temperature === 'number') generationConfig.temperature = req.temperature;
  if (typeof req.top_p === 'number') generationConfig.topP = req.top_p;
  if (req.stop) generationConfig.stopSequences = Array.isArray(req.stop) ? req.stop : [req.stop];
  if (req.response_format?.type === 'json_object' || req.response_format?.type === 'json_schema') generationConfig.responseMimeType = 'application/json';
  const out: Record<string, unknown> = { contents, generationConfig };
  if (system.length) out.systemInstruction = { parts: [{ text: system.join('\n\n') }] };
  if (req.tools?.length)
    out.tools = [
      {
        functionDeclarations: req.tools.map((t) => ({
          name: t.function.name,
          description: t.function.description ?? '',
          parameters: t.function.parameters ?? { type: 'object', properties: {} },
        })),
      },
    ];
  return out;
}

function callsOf(parts: Part[], offset: number): ChatToolCall[] {
  return parts
    .filter((p) => p.functionCall)
    .map((p, i) => ({
      id: `call_${offset + i + 1}`,
      type: 'function',
      function: { name: p.functionCall?.name ?? '', arguments: JSON.stringify(p.functionCall?.args ?? {}) },
    }));
}

function tokens(res: GeminiResponse): { prompt: number; completion: number; cached: number } {
  const u = res.usageMetadata ?? {};
  return { prompt: u.promptTokenCount ?? 0, completion: (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0), cached: u.cachedContentTokenCount ?? 0 };
}

export function fromGeminiResponse(res: GeminiResponse, model: string): ChatCompletion {
  const cand = res.candidates?.[0];
  const parts = cand?.content?.parts ?? [];
  const text = parts.map((p) => p.text ?? '').join('');
  const calls = callsOf(parts, 0);
  const t = tokens(res);
  return {
    id: res.responseId ?? `gemini-${Date.now().toString(36)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || (calls.length ? null : ''), ...(calls.length ? { tool_calls: calls } : {}) },
        finish_reason: geminiFinish(cand?.finishReason, calls.length > 0),
        logprobs: null,
      },
    ],
    usage: usageOf(t.prompt, t.completion, t.cached),
  };
}

function url(opts: CallOptions, op: string): string {
  return `${opts.target.baseUrl.replace(/\/+$/, '')}/v1beta/models/${encodeURIComponent(opts.model)}:${op}`;
}

function headers(opts: CallOptions): Record<string, string> {
  return { 'x-goog-api-key': opts.target.apiKey ?? '', ...(opts.target.config.headers ?? {}) };
}

export function createGeminiAdapter(): ProviderAdapter {
  return {
    async chat(req, opts) {
      const res = await upstreamJson<GeminiResponse>(url(opts, 'generateContent'), {
        headers: headers(opts),
        body: JSON.stringify(toGeminiRequest(req)),
        timeoutMs: opts.timeoutMs,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      return fromGeminiResponse(res, req.model);
    },
    async stream(req, opts) {
      const res = await upstream(`${url(opts, 'streamGenerateContent')}?alt=sse`, {
        headers: { ...headers(opts), accept: 'text/event-stream' },
        body: JSON.stringify(toGeminiRequest(req)),
        timeoutMs: opts.timeoutMs,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      return geminiToChunks(res.body, req.model);
    },
    async embed(req, opts) {
      const inputs = (Array.isArray(req.input) ? req.input : [req.input]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
      const body = JSON.stringify({ requests: inputs.map((text) => ({ model: `models/${opts.model}`, content: { parts: [{ text }] } })) });
      const res = await upstreamJson<{ embeddings: { values: number[] }[] }>(url(opts, 'batchEmbedContents'), {
        headers: headers(opts),
        body,
        timeoutMs: opts.timeoutMs,
      });
      const promptTokens = inputs.reduce((n, s) => n + Math.ceil(s.length / 4), 0);
      return {
        object: 'list',
        model: req.model,
        data: res.embeddings.map((e, index) => ({ object: 'embedding', index, embedding: e.values })),
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      };
    },
    async verify(opts) {
      const res = await upstream(`${opts.target.baseUrl.replace(/\/+$/, '')}/v1beta/models?pageSize=1`, {
        method: 'GET',
        headers: headers(opts),
        timeoutMs: opts.timeoutMs,
      });
      await res.body.dump();
    },
  };
}

/** Gemini SSE (each event a partial response, usage cumulative) -> OpenAI chunks. */
async function* geminiToChunks(body: AsyncIterable<Buffer>, model: string): ChunkStream {
  const id = `gemini-${Date.now().toString(36)}`;
  const created = Math.floor(Date.now() / 1000);
  let prompt = 0;
  let completion = 0;
  let cached = 0;
  let calls = 0;
  let reason: string | undefined;
  let first = true;
  const chunk = (delta: ChatChunk['choices'][0]['delta'], finish: FinishReason | null = null) =>
    JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] } satisfies ChatChunk);
  for await (const ev of parseSse(body)) {
    const res = JSON.parse(ev.data) as GeminiResponse;
    // An error after the stream was accepted: end it as a failure, not as a complete answer with no usage.
    if (res.error) throw new ProviderError(res.error.message ?? 'Gemini stream error', res.error.code && res.error.code >= 500 ? res.error.code : 502, 'http');
    const cand = res.candidates?.[0];
    if (first) {
      first = false;
      yield chunk({ role: 'assistant', content: '' });
    }
    for (const part of cand?.content?.parts ?? []) {
      if (part.text) yield chunk({ content: part.text });
      if (part.functionCall) {
        yield chunk({
          tool_calls: [
            {
              index: calls,
              id: `call_${calls + 1}`,
              type: 'function',
              function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) },
            },
          ],
        });
        calls++;
      }
    }
    if (cand?.finishReason) reason = cand.finishReason;
    if (res.usageMetadata) ({ prompt, completion, cached } = tokens(res));
  }
  yield chunk({}, geminiFinish(reason, calls > 0));
  yield JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageOf(prompt, completion, cached) } satisfies ChatChunk);
}
