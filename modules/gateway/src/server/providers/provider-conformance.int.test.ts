import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderKind } from './provider-types.ts';
import { GOOD_KEY, startFakeProvider, type FakeProvider } from '../testing/fake-provider-server.ts';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

// One suite, every adapter: each provider's fake replays recorded wire-format fixtures.
const KINDS: ProviderKind[] = ['openai', 'azure', 'mistral', 'groq', 'together', 'openrouter', 'ollama', 'openai-compatible', 'anthropic', 'gemini'];
const fakes = new Map<ProviderKind, FakeProvider>();
let f: GatewayFixture<TestApp>;

beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  for (const kind of KINDS) {
    const fake = await startFakeProvider(kind);
    fakes.set(kind, fake);
    for (const [name, apiKey] of [
      [`p-${kind}`, GOOD_KEY],
      [`bad-${kind}`, 'sk-wrong'],
    ] as const) {
      const created = await f.admin('POST', '/api/gateway/providers', { name, kind, baseUrl: fake.url, apiKey });
      expect(created.status).toBe(201);
    }
    const route = await f.admin('POST', '/api/gateway/routes', {
      name: `conf-${kind}`,
      match: { model: `conf-${kind}` },
      targets: [{ provider: `p-${kind}`, model: 'test-model' }],
      retries: 0,
      timeoutMs: 5000,
    });
    expect(route.status).toBe(201);
  }
});
afterAll(async () => {
  await f.t.close();
  for (const fake of fakes.values()) await fake.close();
});

const chat = (payload: Record<string, unknown>) => f.t.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: f.auth(), payload });
interface Chunk {
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
  choices?: {
    delta?: { role?: string; content?: string | null; tool_calls?: { function?: { name?: string; arguments?: string } }[] };
    finish_reason?: string | null;
  }[];
}
const sseData = (body: string): Chunk[] =>
  body
    .split('\n\n')
    .filter((e) => e.startsWith('data: ') && e !== 'data: [DONE]')
    .map((e) => JSON.parse(e.slice(6)) as Chunk);
const tools = [
  { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
];
const ask = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'What is the capital of France?' },
];

describe.each(KINDS)('provider conformance: %s', (kind) => {
  const model = `conf-${kind}`;

  it('plain chat: text, finish reason and usage translated exactly', async () => {
    const res = await chat({ model, messages: ask });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-alfred-provider']).toBe(`p-${kind}`);
    const body = res.json();
    expect(body.choices[0].message.content).toBe('The capital of France is Paris.');
    expect(body.choices[0].finish_reason).toBe('stop');
    expect(body.usage).toMatchObject({ prompt_tokens: 14, completion_tokens: 7, total_tokens: 21 });
  });

  it('streaming: same text in order, usage only when asked and equal to the plain call', async () => {
    const hidden = await chat({ model, messages: ask, stream: true });
    expect(hidden.statusCode).toBe(200);
    const hiddenChunks = sseData(hidden.body);
    expect(hiddenChunks.some((c) => c.usage)).toBe(false);
    expect(hiddenChunks[0]?.choices?.[0]?.delta?.role).toBe('assistant');
    const res = await chat({ model, messages: ask, stream: true, stream_options: { include_usage: true } });
    const chunks = sseData(res.body);
    const text = chunks
      .flatMap((c) => c.choices ?? [])
      .map((c) => c.delta?.content ?? '')
      .join('');
    expect(text).toBe('The capital of France is Paris.');
    expect(chunks.flatMap((c) => c.choices ?? []).find((c) => c.finish_reason)?.finish_reason).toBe('stop');
    expect(chunks.find((c) => c.usage)?.usage).toMatchObject({ prompt_tokens: 14, completion_tokens: 7 });
    const upstream = fakes.get(kind)?.requests.at(-1);
    if (kind !== 'anthropic' && kind !== 'gemini' && kind !== 'mistral') expect(upstream?.body?.stream_options).toEqual({ include_usage: true });
  });

  it('bills a streamed call exactly like the same call unstreamed, whether or not the client asked for usage', async () => {
    const plain = await chat({ model, messages: ask });
    await chat({ model, messages: ask, stream: true });
    await chat({ model, messages: ask, stream: true, stream_options: { include_usage: true } });
    const rows = (await f.admin('GET', '/api/gateway/requests?limit=3')).body as unknown as {
      streamed: boolean;
      prompt_tokens: number;
      completion_tokens: number;
      cost_micros: string;
    }[];
    expect(rows.map((r) => r.streamed)).toEqual([true, true, false]);
    for (const r of rows) expect([r.prompt_tokens, r.completion_tokens, r.cost_micros]).toEqual([14, 7, plain.headers['x-alfred-cost-micros']]);
  });

  it('tool calls, plain and streamed', async () => {
    const plain = (await chat({ model, messages: ask, tools })).json();
    expect(plain.choices[0].finish_reason).toBe('tool_calls');
    const call = plain.choices[0].message.tool_calls[0];
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
    const streamed = sseData((await chat({ model, messages: ask, tools, stream: true })).body);
    const deltas = streamed.flatMap((c) => c.choices ?? []).flatMap((c) => c.delta?.tool_calls ?? []);
    expect(deltas[0]?.function?.name).toBe('get_weather');
    expect(JSON.parse(deltas.map((d) => d.function?.arguments ?? '').join(''))).toEqual({ city: 'Paris' });
  });

  it('a tool result round trip is translated for the provider', async () => {
    const res = await chat({
      model,
      tools,
      messages: [
        ...ask,
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const sent = JSON.stringify(fakes.get(kind)?.requests.at(-1)?.body);
    if (kind === 'anthropic') expect(sent).toContain('"tool_result"');
    else if (kind === 'gemini') expect(sent).toContain('"functionResponse"');
    else expect(sent).toContain('"tool_call_id":"call_1"');
  });

  it('provider errors: 400 passes the message, 429 gives Retry-After, a bad key is a gateway error', async () => {
    const bad = await chat({ model, messages: [{ role: 'user', content: 'scenario:error-400' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('GATEWAY_UPSTREAM_REJECTED');
    expect(bad.json().error.message).toMatch(/temperature/);
    const limited = await chat({ model, messages: [{ role: 'user', content: 'scenario:rate-limit' }] });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('GATEWAY_PROVIDER_RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe('2');
    const wrongKey = await chat({ model: `bad-${kind}/test-model`, messages: ask });
    expect(wrongKey.statusCode).toBe(502);
    expect(wrongKey.json().error.code).toBe('GATEWAY_PROVIDER_ERROR');
  });

  it('a streamed request that the provider rate-limits or refuses gets the error before any stream starts', async () => {
    const limited = await chat({ model, stream: true, messages: [{ role: 'user', content: 'scenario:rate-limit' }] });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/application\/json/);
    expect(limited.json().error.code).toBe('GATEWAY_PROVIDER_RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe('2');
    const bad = await chat({ model, stream: true, messages: [{ role: 'user', content: 'scenario:error-400' }] });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'GATEWAY_UPSTREAM_REJECTED']);
  });

  it('a provider error in the middle of a stream ends it with an error event and is logged as failed', async () => {
    const res = await chat({ model, stream: true, messages: [{ role: 'user', content: 'scenario:stream-error' }] });
    expect(res.statusCode).toBe(200);
    const events = res.body.split('\n\n').filter(Boolean);
    expect(events).not.toContain('data: [DONE]');
    const last = JSON.parse(events.at(-1)?.slice(6) ?? '{}') as { error?: { code: string; message: string } };
    expect(last.error?.code).toBe('GATEWAY_PROVIDER_ERROR');
    expect(last.error?.message).toMatch(/error|overloaded/i);
    expect(res.body).toContain('The capital');
    const logged = (await f.admin('GET', '/api/gateway/requests?limit=1')).body as unknown as { status: number; error_code: string; streamed: boolean }[];
    expect(logged[0]).toMatchObject({ status: 502, error_code: 'GATEWAY_STREAM_ABORTED', streamed: true });
    const messages = await f.t.app.inject({
      method: 'POST',
      url: '/v1/messages',
      headers: { 'x-api-key': f.key },
      payload: { model, max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'scenario:stream-error' }] },
    });
    expect(messages.body).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"api_error"/);
  });

  it('embeddings: vectors and usage translated, or a clear refusal where the provider has no embeddings', async () => {
    const res = await f.t.app.inject({ method: 'POST', url: '/v1/embeddings', headers: f.auth(), payload: { model, input: 'The food was delicious' } });
    if (kind === 'anthropic') {
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'GATEWAY_UPSTREAM_REJECTED']);
      return;
    }
    expect(res.statusCode).toBe(200);
    const body = res.json<{ data: { index: number; embedding: number[] }[]; usage: { prompt_tokens: number } }>();
    expect(body.data).toHaveLength(1);
    expect(body.data[0]?.embedding[0]).toBeCloseTo(kind === 'gemini' ? 0.013168523 : 0.0023064255, 8);
    expect(body.usage.prompt_tokens).toBe(kind === 'gemini' ? 6 : 5);
    expect(res.headers['x-alfred-provider']).toBe(`p-${kind}`);
    expect(Number(res.headers['x-alfred-cost-micros'])).toBeGreaterThan(0);
  });

  it('the Anthropic Messages endpoint works over this provider, plain and streamed', async () => {
    const res = await f.t.app.inject({
      method: 'POST',
      url: '/v1/messages',
      headers: { 'x-api-key': f.key },
      payload: { model, max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'What is the capital of France?' }] },
    });
    expect(res.statusCode).toBe(200);
    // The same price as the OpenAI-format call: 14 prompt and 7 completion tokens of an unpriced model.
    expect(res.headers['x-alfred-cost-micros']).toBe('350');
    expect(res.json()).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'The capital of France is Paris.' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 14, output_tokens: 7 },
    });
    const streamed = await f.t.app.inject({
      method: 'POST',
      url: '/v1/messages',
      headers: { 'x-api-key': f.key },
      payload: { model, max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'What is the capital of France?' }] },
    });
    const events = streamed.body
      .split('\n\n')
      .filter(Boolean)
      .map((e) => JSON.parse(e.split('\n')[1]?.slice(6) ?? '{}') as { type: string; delta?: { text?: string } });
    expect(events[0]?.type).toBe('message_start');
    expect(
      events
        .filter((e) => e.type === 'content_block_delta')
        .map((e) => e.delta?.text ?? '')
        .join(''),
    ).toBe('The capital of France is Paris.');
    expect(events.find((e) => e.type === 'message_delta')).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } });
    expect(events.at(-1)?.type).toBe('message_stop');
  });

  it('tool use over /v1/messages: plain and streamed blocks in Anthropic shape, paired with the tool result', async () => {
    const anthropicTools = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }];
    const post = (payload: Record<string, unknown>) => f.t.app.inject({ method: 'POST', url: '/v1/messages', headers: { 'x-api-key': f.key }, payload });
    const base = { model, max_tokens: 100, tools: anthropicTools, messages: [{ role: 'user', content: 'What is the capital of France?' }] };
    const plain = (await post(base)).json<{ stop_reason: string; content: { type: string; name?: string; input?: unknown; id?: string }[] }>();
    expect(plain.stop_reason).toBe('tool_use');
    const use = plain.content.find((b) => b.type === 'tool_use');
    expect(use).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
    const streamed = await post({ ...base, stream: true });
    const events = streamed.body
      .split('\n\n')
      .filter(Boolean)
      .map((e) => JSON.parse(e.split('\n')[1]?.slice(6) ?? '{}') as Record<string, unknown> & { type: string });
    const start = events.find((e) => e.type === 'content_block_start' && (e.content_block as { type: string }).type === 'tool_use');
    expect(start?.content_block).toMatchObject({ type: 'tool_use', name: 'get_weather' });
    const json = events
      .filter((e) => e.type === 'content_block_delta' && (e.delta as { type: string }).type === 'input_json_delta')
      .map((e) => (e.delta as { partial_json: string }).partial_json)
      .join('');
    expect(JSON.parse(json)).toEqual({ city: 'Paris' });
    expect(events.find((e) => e.type === 'message_delta')).toMatchObject({ delta: { stop_reason: 'tool_use' } });
    // The tool result goes back to the provider paired with its call.
    const answer = await post({
      ...base,
      messages: [
        ...base.messages,
        { role: 'assistant', content: plain.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use?.id, content: '{"temp":21}' }] },
      ],
    });
    expect(answer.statusCode).toBe(200);
    const sent = JSON.stringify(fakes.get(kind)?.requests.at(-1)?.body);
    if (kind === 'anthropic') expect(sent).toContain(`"tool_use_id":"${use?.id}"`);
    else if (kind === 'gemini') expect(sent).toContain('"functionResponse":{"name":"get_weather"');
    else expect(sent).toContain(`"tool_call_id":"${use?.id}"`);
  });

  it('image parts reach the provider in its own format, from the OpenAI and the Anthropic endpoint', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUg==';
    const expectImage = (inline: boolean) => {
      const sent = JSON.stringify(fakes.get(kind)?.requests.at(-1)?.body);
      if (kind === 'anthropic')
        expect(sent).toContain(
          inline ? `"source":{"type":"base64","media_type":"image/png","data":"${png}"}` : '"source":{"type":"url","url":"https://example.com/cat.webp"}',
        );
      else if (kind === 'gemini')
        expect(sent).toContain(
          inline ? `"inlineData":{"mimeType":"image/png","data":"${png}"}` : '"fileData":{"mimeType":"image/webp","fileUri":"https://example.com/cat.webp"}',
        );
      else expect(sent).toContain(inline ? `"image_url":{"url":"data:image/png;base64,${png}"}` : '"image_url":{"url":"https://example.com/cat.webp"}');
      expect(sent).toContain('What is in this image?');
    };
    const parts = (url: string) => [
      { type: 'text', text: 'What is in this image?' },
      { type: 'image_url', image_url: { url } },
    ];
    expect((await chat({ model, messages: [{ role: 'user', content: parts(`data:image/png;base64,${png}`) }] })).statusCode).toBe(200);
    expectImage(true);
    expect((await chat({ model, messages: [{ role: 'user', content: parts('https://example.com/cat.webp') }] })).statusCode).toBe(200);
    expectImage(false);
    const viaMessages = await f.t.app.inject({
      method: 'POST',
      url: '/v1/messages',
      headers: { 'x-api-key': f.key },
      payload: {
        model,
        max_tokens: 100,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this image?' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
            ],
          },
        ],
      },
    });
    expect(viaMessages.statusCode).toBe(200);
    expectImage(true);
  });

  it('JSON mode reaches the provider in its own form', async () => {
    expect((await chat({ model, messages: ask, response_format: { type: 'json_object' } })).statusCode).toBe(200);
    const sent = fakes.get(kind)?.requests.at(-1)?.body as Record<string, unknown>;
    if (kind === 'anthropic') expect(String(sent.system)).toContain('Answer with one valid JSON object only.');
    else if (kind === 'gemini') expect(sent.generationConfig).toMatchObject({ responseMimeType: 'application/json' });
    else expect(sent.response_format).toEqual({ type: 'json_object' });
  });
});

describe('prompt caching: cache reads and writes billed at their own prices, streamed and not', () => {
  it.each([
    // Anthropic: 14 input, 1,000 read at 0.30, 20 written at 3.75, 7 output at 15 dollars per million.
    ['anthropic', 'claude-sonnet-4-5', { cached_tokens: 1000, cache_creation_tokens: 20 }, '522'],
    // OpenAI: 10 input at 0.15, 1,024 read at 0.075, 7 output at 0.60 dollars per million.
    ['openai', 'gpt-4o-mini', { cached_tokens: 1024 }, '83'],
  ] as const)('%s', async (kind, priced, details, cost) => {
    const model = `cache-${kind}`;
    const route = await f.admin('POST', '/api/gateway/routes', { name: model, match: { model }, targets: [{ provider: `p-${kind}`, model: priced }] });
    expect(route.status).toBe(201);
    const cached = [{ role: 'user', content: 'scenario:cached' }];
    const plain = await chat({ model, messages: cached });
    expect(plain.json().usage).toMatchObject({ prompt_tokens: 1034, completion_tokens: 7, prompt_tokens_details: details });
    expect(plain.headers['x-alfred-cost-micros']).toBe(cost);
    const streamed = await chat({ model, messages: cached, stream: true, stream_options: { include_usage: true } });
    expect(sseData(streamed.body).find((c) => c.usage)?.usage).toMatchObject({ prompt_tokens: 1034, completion_tokens: 7, prompt_tokens_details: details });
    const rows = (await f.admin('GET', '/api/gateway/requests?limit=2')).body as unknown as { prompt_tokens: number; cost_micros: string; streamed: boolean }[];
    expect(rows.map((r) => [r.streamed, r.prompt_tokens, r.cost_micros])).toEqual([
      [true, 1034, cost],
      [false, 1034, cost],
    ]);
    if (kind !== 'anthropic') return;
    // Anthropic's own clients get the cache counts apart from input_tokens.
    const messages = await f.t.app.inject({
      method: 'POST',
      url: '/v1/messages',
      headers: { 'x-api-key': f.key },
      payload: { model, max_tokens: 100, messages: [{ role: 'user', content: 'scenario:cached' }] },
    });
    expect(messages.json().usage).toEqual({ input_tokens: 14, cache_read_input_tokens: 1000, cache_creation_input_tokens: 20, output_tokens: 7 });
  });
});

describe('credential verification through the LLM port', () => {
  it.each([
    ['openai', 'openai'],
    ['anthropic', 'anthropic'],
    ['gemini', 'gemini'],
    ['openai-compatible', 'openai-compatible'],
  ] as const)('%s: valid, invalid', async (provider, kind) => {
    const llm = f.t.platform.llm.get();
    const baseUrl = fakes.get(kind)?.url ?? '';
    expect(await llm?.verifyCredential(f.org.orgId, { provider, apiKey: GOOD_KEY, baseUrl })).toMatchObject({ status: 'valid' });
    expect(await llm?.verifyCredential(f.org.orgId, { provider, apiKey: 'sk-wrong', baseUrl })).toMatchObject({ status: 'invalid' });
  });

  it('an unreachable endpoint is unverified, not invalid', async () => {
    const llm = f.t.platform.llm.get();
    expect(await llm?.verifyCredential(f.org.orgId, { provider: 'openai-compatible', apiKey: 'x', baseUrl: 'http://127.0.0.1:9/v1' })).toMatchObject({
      status: 'unverified',
    });
  });

  it('a bring-your-own credential is used instead of the organization providers and still metered', async () => {
    const llm = f.t.platform.llm.get();
    const result = await llm?.chat({
      orgId: f.org.orgId,
      caller: { userId: null, module: 'trading', purpose: 'test' },
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
      credential: { provider: 'openai', apiKey: GOOD_KEY, baseUrl: fakes.get('openai')?.url ?? '' },
    });
    expect(result?.content).toBe('The capital of France is Paris.');
    expect(result?.usage).toEqual({ promptTokens: 14, completionTokens: 7, costMicros: 7 });
    expect(fakes.get('openai')?.requests.at(-1)?.headers.authorization).toBe(`Bearer ${GOOD_KEY}`);
  });
});
