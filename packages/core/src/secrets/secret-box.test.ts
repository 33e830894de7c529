import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, parseSecretKeys } from './secret-box.ts';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('secret box', () => {
  it('round-trips a secret bound to its owner', () => {
    const box = new SecretBox(parseSecretKeys([key('k1')]));
    const env = box.encrypt('sk-live-1234', 'trading:credential:u1:openai:c1');
    expect(env).toMatch(/^v1\.k1\./);
    expect(env).not.toContain('sk-live');
    expect(box.decrypt(env, 'trading:credential:u1:openai:c1')).toBe('sk-live-1234');
  });

  it('refuses a ciphertext moved to another owner or tampered with', () => {
    const box = new SecretBox(parseSecretKeys([key('k1')]));
    const env = box.encrypt('sk-live-1234', 'owner-a');
    expect(() => box.decrypt(env, 'owner-b')).toThrow();
    const parts = env.split('.');
    parts[3] = Buffer.from('tampered!!').toString('base64url');
    expect(() => box.decrypt(parts.join('.'), 'owner-a')).toThrow();
  });

  it('uses a fresh IV each time', () => {
    const box = new SecretBox(parseSecretKeys([key('k1')]));
    expect(box.encrypt('same', 'a')).not.toBe(box.encrypt('same', 'a'));
  });

  it('decrypts with an old key during rotation and re-encrypts with the new one', () => {
    const k1 = key('k1');
    const old = new SecretBox(parseSecretKeys([k1]));
    const env = old.encrypt('secret', 'aad');
    const rotated = new SecretBox(parseSecretKeys([key('k2'), k1]));
    const next = rotated.reencrypt(env, 'aad');
    expect(rotated.keyIdOf(next)).toBe('k2');
    expect(rotated.decrypt(next, 'aad')).toBe('secret');
    expect(() => new SecretBox(parseSecretKeys([key('k3')])).decrypt(env, 'aad')).toThrow(/k1/);
  });

  it('rejects malformed SECRET_KEYS entries', () => {
    expect(() => parseSecretKeys(['nokey'])).toThrow();
    expect(() => parseSecretKeys([`k:${Buffer.alloc(16).toString('base64')}`])).toThrow(/32 bytes/);
  });
});
