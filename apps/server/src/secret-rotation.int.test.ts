import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { SecretBox, parseSecretKeys, type Platform, type TesseraModule } from '@tessera/core';
import { reencryptSecrets } from './secret-rotation.ts';

const holder = {
  name: 'gateway',
  secretColumns: [{ table: 'rotation_test.creds', idColumn: 'id', column: 'secret', aadSql: "'cred:' || id::text" }],
} as unknown as TesseraModule; // Only secretColumns is read by the rotation.

describe('secret key rotation', () => {
  let t: TestApp;
  const oldKey = `old:${randomBytes(32).toString('base64')}`;
  const newKey = `new:${randomBytes(32).toString('base64')}`;
  beforeAll(async () => {
    t = await createTestApp({ config: { secretKeys: [oldKey] } });
    await t.platform.database.query('create schema rotation_test');
    await t.platform.database.query('create table rotation_test.creds (id int primary key, secret text)');
    for (let id = 1; id <= 3; id++)
      await t.platform.database.query('insert into rotation_test.creds values ($1, $2)', [id, t.platform.secrets.encrypt(`sk-${id}`, `cred:${id}`)]);
  });
  afterAll(async () => t.close());

  it('re-encrypts every declared secret with the new key and keeps them readable', async () => {
    const rotated: Platform = { ...t.platform, secrets: new SecretBox(parseSecretKeys([newKey, oldKey])) };
    const result = await reencryptSecrets(rotated, [holder]);
    expect(result).toEqual({ keyId: 'new', reencrypted: 3, alreadyCurrent: 0 });
    const rows = await t.platform.database.query<{ id: number; secret: string }>('select id, secret from rotation_test.creds order by id');
    const onlyNew = new SecretBox(parseSecretKeys([newKey]));
    expect(rows.map((r) => onlyNew.decrypt(r.secret, `cred:${r.id}`))).toEqual(['sk-1', 'sk-2', 'sk-3']);
    expect((await reencryptSecrets(rotated, [holder])).alreadyCurrent).toBe(3);
  });

  it('aborts the whole rotation when one secret cannot be decrypted', async () => {
    await t.platform.database.query("insert into rotation_test.creds values (9, 'v1.gone.AAAA.AAAA.AAAA')");
    const before = await t.platform.database.query('select secret from rotation_test.creds order by id');
    const third = `third:${randomBytes(32).toString('base64')}`;
    const rotated: Platform = { ...t.platform, secrets: new SecretBox(parseSecretKeys([third, newKey])) };
    await expect(reencryptSecrets(rotated, [holder])).rejects.toThrow(/gone/);
    expect(await t.platform.database.query('select secret from rotation_test.creds order by id')).toEqual(before);
  });
});
