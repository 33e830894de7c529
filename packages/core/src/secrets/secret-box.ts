import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KeyringEntry {
  id: string;
  key: Buffer;
}

/**
 * AES-256-GCM with a random 12-byte IV, a versioned key id, and additional authenticated data that
 * binds each ciphertext to its owner (for example `trading:credential:<user>:<provider>:<id>`), so
 * a ciphertext copied onto another row fails to decrypt. Format: `v1.<keyId>.<iv>.<ciphertext>.<tag>`.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  readonly currentKeyId: string;

  constructor(keyring: KeyringEntry[]) {
    const first = keyring[0];
    if (!first) throw new Error('the keyring is empty');
    this.keys = new Map(keyring.map((k) => [k.id, k.key]));
    this.currentKeyId = first.id;
  }

  encrypt(plaintext: string, aad: string): string {
    const key = this.keys.get(this.currentKeyId);
    if (!key) throw new Error('current key missing');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.currentKeyId, iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  decrypt(envelope: string, aad: string): string {
    const [version, keyId, ivText, ctText, tagText] = envelope.split('.');
    if (version !== 'v1' || !keyId || !ivText || ctText === undefined || !tagText) throw new Error('not a secret envelope');
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`secret was encrypted with key "${keyId}", which is not in SECRET_KEYS`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tagText, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ctText, 'base64url')), decipher.final()]).toString('utf8');
  }

  keyIdOf(envelope: string): string | null {
    const [version, keyId] = envelope.split('.');
    return version === 'v1' && keyId ? keyId : null;
  }

  /** Decrypts with whichever key made it and encrypts with the current key. */
  reencrypt(envelope: string, aad: string): string {
    return this.encrypt(this.decrypt(envelope, aad), aad);
  }
}

export function parseSecretKeys(entries: readonly string[]): KeyringEntry[] {
  return entries.map((entry) => {
    const idx = entry.indexOf(':');
    if (idx <= 0) throw new Error('SECRET_KEYS entries must look like keyId:base64key');
    const id = entry.slice(0, idx);
    const key = Buffer.from(entry.slice(idx + 1), 'base64');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`SECRET_KEYS key id "${id}" must be 1-32 letters, digits, _ or -`);
    if (key.length !== 32) throw new Error(`SECRET_KEYS key "${id}" must decode to 32 bytes, got ${key.length}`);
    return { id, key };
  });
}

/** Without SECRET_KEYS, a key is made once and kept beside the embedded database (development). */
export function loadOrCreateLocalKeyring(dataDir: string): KeyringEntry[] {
  const file = join(dataDir, 'secret-keys');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `local1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  return parseSecretKeys(readFileSync(file, 'utf8').split(/\s+/).filter(Boolean));
}
