import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { tradingErrors } from '../errors.ts';

/** 169.254.0.0/16 and fe80::/10 (cloud metadata lives there) and the unspecified addresses: never an LLM endpoint. */
function forbidden(ip: string): boolean {
  const v = ip.toLowerCase();
  if (v === '0.0.0.0' || v === '::' || v.startsWith('169.254.') || /^fe[89ab][0-9a-f]:/.test(v)) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  return mapped ? forbidden(mapped[1]!) : false;
}

/** Loopback and private ranges: a self-hosted model server, where plain http does not cross the internet. */
function local(ip: string): boolean {
  const v = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) return local(mapped[1]!);
  if (v === '::1' || /^f[cd][0-9a-f]{2}:/.test(v)) return true;
  const m = /^(\d+)\.(\d+)\./.exec(v);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/**
 * The server calls a user's base URL with the user's key, so the URL is checked before it is
 * stored or called: no credentials in it, never a link-local or metadata address, and plain http
 * only to a loopback or private address (over the internet it would send the key in clear text).
 * Names are resolved and every address checked; one that does not resolve cannot be called either
 * and is left to the verification call, which then reports it as not verified.
 */
export async function assertBaseUrlAllowed(raw: string): Promise<void> {
  const refuse = (reason: string) => tradingErrors.TRADING_BASE_URL_REFUSED({ details: { reason } });
  const url = new URL(raw);
  if (url.username || url.password) throw refuse('the URL must not carry a user name or password; send the key as the API key');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[] = [];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      addresses = [];
    }
  }
  if (addresses.some(forbidden)) throw refuse('link-local and metadata addresses are not model endpoints');
  if (url.protocol === 'http:' && !(addresses.length > 0 && addresses.every(local)))
    throw refuse('plain http is allowed only to a loopback or private address; use https');
}
