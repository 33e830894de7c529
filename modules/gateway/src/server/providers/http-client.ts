import type { Dispatcher, Pool } from 'undici';
// The pool and the request API only, not undici's index: the index also loads fetch, WebSocket,
// the cache and cookie helpers, and the cookie module reads `globalThis.Headers`, which makes Node
// load its own bundled copy of undici too. Together about 4 MiB of heap the gateway never uses
// (ADR 0008); the upstream tests and the provider conformance suite run through this path.
import PoolClass from 'undici/lib/dispatcher/pool.js';
import requestOn from 'undici/lib/api/api-request.js';
import { ProviderError } from './provider-types.ts';

const pools = new Map<string, Pool>();
// Parsed upstream URLs: a handful per organization, looked up on every call instead of `new URL()`.
const urls = new Map<string, { origin: string; path: string }>();
const MAX_CACHED_URLS = 10_000;

function splitUrl(url: string): { origin: string; path: string } {
  let hit = urls.get(url);
  if (!hit) {
    const u = new URL(url);
    hit = { origin: u.origin, path: u.pathname + u.search };
    if (urls.size >= MAX_CACHED_URLS) urls.clear();
    urls.set(url, hit);
  }
  return hit;
}

/** The raw upstream bytes of a parsed JSON answer, so a pass-through response is not serialised again. */
export const RAW_BODY: unique symbol = Symbol('gateway.rawBody');
export type WithRaw<T> = T & { [RAW_BODY]?: Buffer };

function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool) {
    pool = new PoolClass(origin, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });
    pools.set(origin, pool);
  }
  return pool;
}

export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close().catch(() => undefined)));
}

export interface UpstreamResponse {
  status: number;
  body: Dispatcher.ResponseData['body'];
  headers: Record<string, string | string[] | undefined>;
}

/**
 * One upstream call on undici's pooled client (no fetch, no Web Streams on the hot path). Non-2xx
 * answers become ProviderError with the provider's message; timeouts and socket errors too.
 */
export async function upstream(
  url: string,
  init: { method?: string; headers: Record<string, string>; body?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<UpstreamResponse> {
  const u = splitUrl(url);
  let res;
  try {
    res = await requestOn.call(poolFor(u.origin), {
      path: u.path,
      method: init.method ?? 'POST',
      headers: init.body === undefined || init.headers['content-type'] ? init.headers : { 'content-type': 'application/json', ...init.headers },
      body: init.body,
      headersTimeout: init.timeoutMs,
      bodyTimeout: init.timeoutMs,
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (err) {
    throw toProviderError(err);
  }
  if (res.statusCode >= 400) {
    let text = '';
    try {
      text = await res.body.text();
    } catch {
      text = '';
    }
    throw new ProviderError(providerMessage(text, res.statusCode), res.statusCode, 'http', retryAfterMsOf(res.headers));
  }
  return { status: res.statusCode, body: res.body, headers: res.headers };
}

export async function upstreamJson<T>(url: string, init: Parameters<typeof upstream>[1]): Promise<T> {
  const res = await upstream(url, init);
  try {
    return (await res.body.json()) as T;
  } catch (err) {
    throw toProviderError(err);
  }
}

/** Like upstreamJson, keeping the bytes (non-enumerable to JSON.stringify: a symbol key) for pass-through. */
export async function upstreamJsonRaw<T extends object>(url: string, init: Parameters<typeof upstream>[1]): Promise<WithRaw<T>> {
  const res = await upstream(url, init);
  try {
    const bytes = await res.body.bytes();
    const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const value = JSON.parse(raw.toString('utf8')) as WithRaw<T>;
    if (value && typeof value === 'object') value[RAW_BODY] = raw;
    return value;
  } catch (err) {
    throw toProviderError(err);
  }
}

/** Retry-After in seconds or as an HTTP date, or OpenAI's `retry-after-ms`; null when absent or unreadable. */
export function retryAfterMsOf(headers: Record<string, string | string[] | undefined>, now = Date.now()): number | null {
  const ms = headers['retry-after-ms'];
  if (typeof ms === 'string' && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = headers['retry-after'];
  if (typeof value !== 'string') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function toProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const code = (err as { code?: string }).code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || (err as Error).name === 'TimeoutError')
    return new ProviderError(`provider timed out: ${message}`, 504, 'timeout');
  return new ProviderError(`provider unreachable: ${message}`, 502, 'network');
}

function providerMessage(text: string, status: number): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    if (typeof parsed.error === 'string') return parsed.error;
    if (parsed.error?.message) return parsed.error.message;
    if (parsed.message) return parsed.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 300) || `provider answered ${status}`;
}
