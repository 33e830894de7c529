import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  // Rejection sampling keeps the alphabet uniform (248 = 4 * 62).
  for (let i = 0; i < bytes.length && out.length < length; i++) {
    const b = bytes[i] ?? 255;
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out.length === length ? out : randomToken(length);
}

export interface NewApiKey {
  key: string;
  prefix: string;
  lastFour: string;
  hash: string;
}

/** `tsk_<8-char public prefix>_<40-char secret>`: the prefix finds the row, the hash proves the key. */
export function generateApiKey(): NewApiKey {
  const prefix = randomToken(8);
  const secret = randomToken(40);
  const key = `tsk_${prefix}_${secret}`;
  return { key, prefix, lastFour: secret.slice(-4), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function parseApiKey(key: string): { prefix: string } | null {
  const m = /^tsk_([A-Za-z0-9]{8})_[A-Za-z0-9]{40}$/.exec(key);
  return m?.[1] ? { prefix: m[1] } : null;
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function newOpaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function maskKey(prefix: string, lastFour: string): string {
  return `tsk_${prefix}_…${lastFour}`;
}
