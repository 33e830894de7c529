import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

let f: GatewayFixture<TestApp>;
let baseURL: string;
let root: string;

beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  await f.t.app.listen({ port: 0, host: '127.0.0.1' });
  root = `http://127.0.0.1:${(f.t.app.server.address() as AddressInfo).port}`;
  baseURL = `${root}/v1`;
  await f.wallet('org', undefined, 5_000_000);
});
afterAll(async () => f.t.close());

const client = (apiKey = f.key) => new OpenAI({ apiKey, baseURL, maxRetries: 0 });

describe('the official openai SDK against a listening gateway', () => {
  it('chat, plain and streamed, with usage', async () => {
    const res = await client().chat.completions.create({ model: 'tessera-offline', messages: [{ role: 'user', content: 'Say hi to the SDK' }] });
    expect(res.choices[0]?.message.content).toMatch(/^Offline answer: Say hi to the SDK/);
    const stream = await client().chat.completions.create({
      model: 'tessera-offline',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Say hi to the SDK' }],
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(res.choices[0]?.message.content);
    expect(usage).toEqual(res.usage);
  });

  it('embeddings and models (offline models labelled)', async () => {
    const emb = await client().embeddings.create({ model: 'tessera-embed', input: ['alpha', 'beta'] });
    expect(emb.data).toHaveLength(2);
    expect(emb.data[0]?.embedding).toHaveLength(64);
    const models = [];
    for await (const m of client().models.list()) models.push(m);
    const offline = models.find((m) => m.id === 'offline/tessera-1');
    expect(offline?.owned_by).toMatch(/offline/);
  });

  it('tool calls round trip with the scripted offline protocol', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } },
    ];
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'system', content: '@tool lookup {"q":"tessera"}' },
      { role: 'user', content: 'find it' },
    ];
    const first = await client().chat.completions.create({ model: 'tessera-offline', tools, messages });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('lookup');
    messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call!.id, content: 'found: a platform' });
    const second = await client().chat.completions.create({ model: 'tessera-offline', tools, messages });
    expect(second.choices[0]?.message.content).toBe('Offline answer: found: a platform');
  });

  it('an invalid key gives AuthenticationError', async () => {
    await expect(
      client('tsk_invalid0_0000000000000000000000000000000000000000').chat.completions.create({
        model: 'tessera-offline',
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('an empty wallet gives a 402 with the gateway code', async () => {
    const k = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
    await f.wallet('key', await f.keyId(k), 0);
    const err = await client(k)
      .chat.completions.create({ model: 'tessera-offline', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
    expect((err as InstanceType<typeof OpenAI.APIError>).code).toBe('GATEWAY_BUDGET_EXHAUSTED');
  });

  it('a key over its requests-per-minute limit gets RateLimitError with Retry-After', async () => {
    const k = await f.t.createKey(f.org.orgId, 'member', ['gateway:invoke']);
    const put = await f.admin('PUT', `/api/gateway/keys/${await f.keyId(k)}`, { rpm: 2 });
    expect(put.status).toBe(200);
    const call = () => client(k).chat.completions.create({ model: 'tessera-offline', messages: [{ role: 'user', content: 'x' }] });
    await call();
    await call();
    const err = await call().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(Number((err as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the official @anthropic-ai/sdk against /v1/messages', () => {
  const anthropic = () => new Anthropic({ apiKey: f.key, baseURL: root, maxRetries: 0 });

  it('creates a message and streams one', async () => {
    const msg = await anthropic().messages.create({
      model: 'tessera-offline',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Hello Claude-shaped client' }],
    });
    expect(msg.content[0]?.type).toBe('text');
    expect(msg.content[0]?.type === 'text' && msg.content[0].text).toMatch(/^Offline answer: Hello Claude-shaped client/);
    expect(msg.usage.output_tokens).toBeGreaterThan(0);
    const stream = anthropic().messages.stream({
      model: 'tessera-offline',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Hello Claude-shaped client' }],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]?.type === 'text' && final.content[0].text).toBe(msg.content[0]?.type === 'text' && msg.content[0].text);
    expect(final.usage.output_tokens).toBe(msg.usage.output_tokens);
  });

  it('tool use and tool results', async () => {
    const tools: Anthropic.Tool[] = [{ name: 'lookup', description: 'search', input_schema: { type: 'object', properties: {} } }];
    const first = await anthropic().messages.create({
      model: 'tessera-offline',
      max_tokens: 200,
      tools,
      system: '@tool lookup {"q":"x"}',
      messages: [{ role: 'user', content: 'go' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((b) => b.type === 'tool_use');
    expect(use?.type === 'tool_use' && use.input).toEqual({ q: 'x' });
    const second = await anthropic().messages.create({
      model: 'tessera-offline',
      max_tokens: 200,
      tools,
      system: '@tool lookup {"q":"x"}',
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use?.type === 'tool_use' ? use.id : '', content: 'result text' }] },
      ],
    });
    expect(second.content[0]?.type === 'text' && second.content[0].text).toBe('Offline answer: result text');
  });

  it('a bad key is an AuthenticationError there too', async () => {
    const bad = new Anthropic({ apiKey: 'tsk_invalid0_0000000000000000000000000000000000000000', baseURL: root, maxRetries: 0 });
    await expect(bad.messages.create({ model: 'tessera-offline', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    );
  });
});
