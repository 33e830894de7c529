import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderKind } from '../providers/provider-types.ts';

export const GOOD_KEY = 'sk-test-good';
type Family = 'openai' | 'anthropic' | 'gemini';

interface Fixture {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  events?: { event?: string; data: string }[];
}

export function familyOf(kind: ProviderKind): Family {
  return kind === 'anthropic' ? 'anthropic' : kind === 'gemini' ? 'gemini' : 'openai';
}

function hasFixture(family: Family, name: string): boolean {
  return existsSync(new URL(`../fixtures/${family}/${name}.json`, import.meta.url));
}

export function loadFixture(family: Family, name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/${family}/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

function keyOf(kind: ProviderKind, req: IncomingMessage): string | null {
  const h = req.headers;
  if (kind === 'azure') return (h['api-key'] as string | undefined) ?? null;
  if (kind === 'anthropic') return (h['x-api-key'] as string | undefined) ?? null;
  if (kind === 'gemini') return (h['x-goog-api-key'] as string | undefined) ?? null;
  const auth = h.authorization;
  return typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : null;
}

function expectedPath(kind: ProviderKind, url: string, stream: boolean): boolean {
  if (kind === 'azure') return /^\/openai\/(deployments\/[^/]+\/(chat\/completions|embeddings)|models)\?api-version=/.test(url);
  if (kind === 'anthropic') return url === '/v1/messages' || url.startsWith('/v1/models');
  if (kind === 'gemini')
    return (
      /^\/v1beta\/models(\?|\/[^:]+:(generateContent|streamGenerateContent\?alt=sse|batchEmbedContents))/.test(url) && (!stream || url.includes('alt=sse'))
    );
  return /^\/v1\/(chat\/completions|embeddings|models)$/.test(url);
}

export interface FakeProvider {
  url: string;
  requests: { url: string; headers: IncomingMessage['headers']; body: Record<string, unknown> | null }[];
  /** Overrides the fixture answer (fault injection): return true when handled. */
  intercept: ((req: IncomingMessage, res: ServerResponse, body: string) => boolean) | null;
  close(): Promise<void>;
}

/**
 * A local fake of one provider on 127.0.0.1: checks its auth header and URL shape, picks a
 * recorded fixture by scenario (`scenario:<name>` in the prompt, tools -> `tools`) and replays it,
 * event by event for streams.
 */
export async function startFakeProvider(kind: ProviderKind): Promise<FakeProvider> {
  const family = familyOf(kind);
  const fake: FakeProvider = { url: '', requests: [], intercept: null, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      let body: Record<string, unknown> | null = null;
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
      } catch {
        body = null;
      }
      fake.requests.push({ url: req.url ?? '', headers: req.headers, body });
      if (fake.intercept?.(req, res, text)) return;
      const url = req.url ?? '';
      const stream = body?.stream === true || url.includes('streamGenerateContent');
      if (!expectedPath(kind, url, stream)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `fake ${kind}: unexpected path ${url}` } }));
        return;
      }
      let name = /scenario:([a-z0-9-]+)/.exec(text)?.[1] ?? (body && 'tools' in body ? 'tools' : 'chat');
      if (keyOf(kind, req) !== GOOD_KEY) name = 'error-401';
      else if (/\/models(\?|$)/.test(url)) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [] }));
        return;
      } else if (url.includes('embeddings') || url.includes('batchEmbedContents')) name = 'embeddings';
      else if (stream && (name === 'chat' || name === 'tools')) name = name === 'chat' ? 'stream' : 'tools-stream';
      else if (stream && hasFixture(family, `${name}-stream`)) name = `${name}-stream`;
      const fx = loadFixture(family, name);
      if (fx.events) {
        res.writeHead(fx.status, { 'content-type': 'text/event-stream', ...(fx.headers ?? {}) });
        for (const ev of fx.events) res.write(`${ev.event ? `event: ${ev.event}\n` : ''}data: ${ev.data}\n\n`);
        res.end();
        return;
      }
      res.writeHead(fx.status, { 'content-type': 'application/json', ...(fx.headers ?? {}) }).end(JSON.stringify(fx.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  fake.url = kind === 'azure' || kind === 'anthropic' || kind === 'gemini' ? `http://127.0.0.1:${port}` : `http://127.0.0.1:${port}/v1`;
  fake.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
