import { Readable } from 'node:stream';
import type { App } from '@tessera/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AnthropicRequest } from '../engine/anthropic-format.ts';
import { anthropicToOpenAi, chunksToAnthropicEvents, openAiToAnthropic } from '../engine/anthropic-format.ts';
import type { Caller } from '../engine/admission.ts';
import type { CallMeta, ChatOutcome, GatewayService } from '../engine/gateway-service.ts';
import type { ChatCompletion, ChatRequest, EmbeddingRequest } from '../engine/openai-types.ts';
import { idempotencyKeyOf, idempotentCall, type Answer } from '../idempotency/idempotent-call.ts';
import { estimatePromptTokens } from '../engine/token-estimator.ts';
import { dryRun } from '../engine/dry-run.ts';
import { listModels } from '../engine/model-catalog.ts';
import { installOpenAiErrorHandler } from './openai-errors.ts';
import { AnyJson, ChatBody, EmbeddingBody, MessagesBody, OpenAiError, validEmbeddingInput } from './v1-schemas.ts';
import { gatewayErrors } from '../errors.ts';
import { RAW_BODY, type WithRaw } from '../providers/http-client.ts';

const access = { access: { role: 'viewer' as const, scope: 'gateway:invoke' }, ownRateLimit: true };
const errors = {
  400: OpenAiError,
  401: OpenAiError,
  402: OpenAiError,
  403: OpenAiError,
  404: OpenAiError,
  409: OpenAiError,
  422: OpenAiError,
  429: OpenAiError,
  502: OpenAiError,
  503: OpenAiError,
  504: OpenAiError,
};
const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };

function callerOf(request: FastifyRequest): Caller {
  return {
    orgId: request.tenant.orgId,
    apiKeyId: request.principal?.apiKeyId ?? null,
    userId: request.principal?.userId ?? null,
    ip: request.ip,
    source: 'v1',
  };
}

const NO_METADATA: Record<string, string> = Object.freeze({});

function metadataOf(request: FastifyRequest): Record<string, string> {
  let out = NO_METADATA;
  const headers = request.headers;
  for (const k in headers) {
    if (!k.startsWith('x-alfred-meta-')) continue;
    const v = headers[k];
    if (typeof v !== 'string') continue;
    if (out === NO_METADATA) out = {};
    out[k.slice(14)] = v.slice(0, 200);
  }
  return out;
}

function cacheMode(request: FastifyRequest): 'default' | 'bypass' {
  const h = request.headers['x-alfred-cache'];
  return h === 'bypass' || h === 'no-cache' || request.headers['cache-control'] === 'no-cache' ? 'bypass' : 'default';
}

function metaHeaders(reply: FastifyReply, meta: CallMeta): void {
  reply.header('x-alfred-provider', meta.provider);
  reply.header('x-alfred-attempts', String(meta.attempts));
  reply.header('x-alfred-cache', meta.cached ? 'hit' : 'miss');
}

/**
 * Pre-serialised: the answer is passed through, not re-validated against a schema. An upstream
 * answer that is relayed unchanged goes out as the bytes the provider sent.
 */
function sendJson(reply: FastifyReply, body: object): FastifyReply {
  return reply.type('application/json').send((body as WithRaw<object>)[RAW_BODY] ?? JSON.stringify(body));
}

function scopeOf(request: FastifyRequest, key: string, endpoint: string) {
  return { orgId: request.tenant.orgId, caller: request.principal?.apiKeyId ?? request.principal?.userId ?? '-', key, endpoint };
}

function storeFailed(request: FastifyRequest): (err: unknown) => void {
  return (err) => request.log.error({ err }, 'gateway: idempotent answer could not be stored');
}

/** A JSON outcome as the answer that goes out (and is stored for replays). */
function jsonAnswer(out: ChatOutcome | { kind: 'json'; body: object; meta: CallMeta }, shape: (body: object) => object): Answer {
  if (out.kind !== 'json') throw gatewayErrors.GATEWAY_IDEMPOTENCY_STREAM_UNSUPPORTED();
  const shaped = shape(out.body);
  const raw = (shaped as WithRaw<object>)[RAW_BODY];
  return {
    status: 200,
    body: raw ? raw.toString('utf8') : JSON.stringify(shaped),
    headers: {
      'x-alfred-provider': out.meta.provider,
      'x-alfred-attempts': String(out.meta.attempts),
      'x-alfred-cache': out.meta.cached ? 'hit' : 'miss',
      'x-alfred-cost-micros': String(out.meta.costMicros),
    },
  };
}

/** A replay repeats the stored answer and says so; it charged nothing. */
function sendAnswer(reply: FastifyReply, answer: Answer & { replayed: boolean }): FastifyReply {
  reply.headers(answer.headers);
  if (answer.replayed) reply.header('idempotent-replayed', 'true').header('x-alfred-cost-micros', '0');
  return reply.status(answer.status).type('application/json').send(answer.body);
}

async function* sseFrames(events: AsyncIterable<string>): AsyncGenerator<string> {
  try {
    for await (const payload of events) yield `data: ${payload}\n\n`;
    yield 'data: [DONE]\n\n';
  } catch (err) {
    // Headers are gone: report the failure inside the stream, as OpenAI does.
    yield `data: ${JSON.stringify({ error: { message: (err as Error).message, type: 'api_error', code: 'GATEWAY_PROVIDER_ERROR', param: null } })}\n\n`;
  }
}

export async function registerV1Routes(app: App, service: GatewayService): Promise<void> {
  installOpenAiErrorHandler(app);

  app.post(
    '/v1/chat/completions',
    {
      config: access,
      schema: {
        tags: ['gateway'],
        summary: 'OpenAI-compatible chat completions (plain and SSE streaming).',
        body: ChatBody,
        response: { 200: AnyJson, ...errors },
      },
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request.headers['idempotency-key']);
      const body = request.body as ChatRequest;
      const input = { caller: callerOf(request), body, metadata: metadataOf(request), cache: cacheMode(request) };
      if (key !== null) {
        if (body.stream) throw gatewayErrors.GATEWAY_IDEMPOTENCY_STREAM_UNSUPPORTED();
        const answer = await idempotentCall(
          service.database,
          scopeOf(request, key, 'chat'),
          body,
          async () => jsonAnswer(await service.chat(input, request.id), (b) => b),
          storeFailed(request),
        );
        return sendAnswer(reply, answer);
      }
      const out = await service.chat(input, request.id);
      metaHeaders(reply, out.meta);
      if (out.kind === 'json') {
        reply.header('x-alfred-cost-micros', String(out.meta.costMicros));
        return sendJson(reply, out.body);
      }
      reply.headers(SSE_HEADERS);
      return reply.send(Readable.from(sseFrames(out.events), { objectMode: false }));
    },
  );

  app.post(
    '/v1/chat/completions/dry-run',
    {
      config: access,
      schema: {
        tags: ['gateway'],
        summary: 'Resolve the route and estimate the maximum cost without calling a provider.',
        body: ChatBody,
        response: { 200: AnyJson, ...errors },
      },
    },
    async (request) => dryRun(service, callerOf(request), request.body as ChatRequest, metadataOf(request)),
  );

  app.post(
    '/v1/embeddings',
    { config: access, schema: { tags: ['gateway'], summary: 'OpenAI-compatible embeddings.', body: EmbeddingBody, response: { 200: AnyJson, ...errors } } },
    async (request, reply) => {
      const body = request.body as EmbeddingRequest;
      if (!validEmbeddingInput(body.input))
        throw gatewayErrors.GATEWAY_INVALID_REQUEST({ message: 'input must be a string, an array of strings, or token arrays (at most 2048 items).' });
      const key = idempotencyKeyOf(request.headers['idempotency-key']);
      const run = async () => {
        // Upstream always answers floats; base64 (the openai SDK's default) is packed here.
        const out = await service.embed(callerOf(request), { ...body, encoding_format: 'float' }, request.id);
        const packed =
          body.encoding_format !== 'base64'
            ? out.body
            : { ...out.body, data: out.body.data.map((d) => ({ ...d, embedding: Buffer.from(new Float32Array(d.embedding).buffer).toString('base64') })) };
        return { meta: out.meta, body: packed };
      };
      if (key !== null) {
        const answer = await idempotentCall(
          service.database,
          scopeOf(request, key, 'embeddings'),
          body,
          async () => jsonAnswer({ kind: 'json', ...(await run()) }, (b) => b),
          storeFailed(request),
        );
        return sendAnswer(reply, answer);
      }
      const out = await run();
      metaHeaders(reply, out.meta);
      reply.header('x-alfred-cost-micros', String(out.meta.costMicros));
      return sendJson(reply, out.body);
    },
  );

  app.get(
    '/v1/models',
    {
      config: access,
      schema: { tags: ['gateway'], summary: 'Models this key can call; the offline models are labelled as such.', response: { 200: AnyJson, ...errors } },
    },
    async (request) => ({ object: 'list', data: await listModels(service, request.tenant.orgId, request.principal?.apiKeyId ?? null) }),
  );

  app.post(
    '/v1/messages',
    {
      config: access,
      schema: {
        tags: ['gateway'],
        summary: 'Anthropic Messages API, translated to and from every provider.',
        body: MessagesBody,
        response: { 200: AnyJson, ...errors },
      },
    },
    async (request, reply) => {
      const req = request.body as AnthropicRequest;
      const key = idempotencyKeyOf(request.headers['idempotency-key']);
      if (key !== null && req.stream) throw gatewayErrors.GATEWAY_IDEMPOTENCY_STREAM_UNSUPPORTED();
      const body = anthropicToOpenAi(req);
      if (body.stream) body.stream_options = { include_usage: true };
      const input = { caller: callerOf(request), body, metadata: metadataOf(request), cache: cacheMode(request) };
      if (key !== null) {
        const answer = await idempotentCall(
          service.database,
          scopeOf(request, key, 'messages'),
          req,
          async () => jsonAnswer(await service.chat(input, request.id), (b) => openAiToAnthropic(b as ChatCompletion, req.model)),
          storeFailed(request),
        );
        return sendAnswer(reply, answer);
      }
      const out = await service.chat(input, request.id);
      metaHeaders(reply, out.meta);
      if (out.kind === 'json') return sendJson(reply.header('x-alfred-cost-micros', String(out.meta.costMicros)), openAiToAnthropic(out.body, req.model));
      reply.headers(SSE_HEADERS);
      return reply.send(Readable.from(chunksToAnthropicEvents(out.events, req.model, estimatePromptTokens(body)), { objectMode: false }));
    },
  );
}
