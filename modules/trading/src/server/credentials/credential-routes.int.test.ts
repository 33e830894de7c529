import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { rows } from '../db/sql-rows.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { tradingModule } from '../index.ts';
import { credentialAad } from './credential-service.ts';

// A real HTTP server speaking the OpenAI models endpoint: the key decides the answer.
let upstream: Server;
let baseUrl: string;
let t: TestApp;
let org: TestOrg;
let auth: { authorization: string };
const GOOD = 'sk-good-key-1234abcd';

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const key = (req.headers.authorization ?? '').replace('Bearer ', '');
    const status = key === GOOD ? 200 : key.includes('limited') ? 429 : key.includes('broken') ? 500 : 401;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(status === 200 ? JSON.stringify({ object: 'list', data: [{ id: 'm1', object: 'model' }] }) : JSON.stringify({ error: { message: 'no' } }));
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  t = await createTestApp({ moduleNames: ['gateway', 'trading'] });
  org = await t.createOrg();
  auth = { authorization: `Bearer ${org.ownerKey}` };
});
afterAll(async () => {
  await t?.close();
  upstream?.close();
});

const save = (apiKey: string, extra: Record<string, unknown> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/trading/credentials',
    headers: auth,
    payload: { provider: 'openai-compatible', label: 'mine', apiKey, baseUrl, defaultModel: 'gpt-4o-mini', ...extra },
  });
const count = async () =>
  (await rows<{ n: number }>(t.platform.database.db, sql`select count(*)::int as n from trading.credentials where org_id = ${org.orgId}`))[0]!.n;

describe('bring-your-own-model credentials', () => {
  it('verifies on save: invalid and rate-limited keys are told apart and not stored', async () => {
    const bad = await save('sk-wrong-key-0000');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('TRADING_CREDENTIAL_INVALID');
    const limited = await save('sk-limited-key-0000');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('TRADING_CREDENTIAL_RATE_LIMITED');
    expect(bad.body + limited.body).not.toContain('sk-wrong-key-0000');
    expect(await count()).toBe(0);
  });

  it('stores a key it could not verify as unverified', async () => {
    const res = await save('sk-broken-upstream-9999');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ verification: 'unverified', masked: '••••9999' });
  });

  it('a valid key is encrypted with AAD bound to user, provider and id, and only ever shown masked', async () => {
    const res = await save(GOOD, { makeDefault: true });
    expect(res.statusCode).toBe(201);
    const view = res.json();
    expect(view).toMatchObject({ verification: 'valid', masked: '••••abcd', isDefault: true });
    expect(res.body).not.toContain(GOOD);
    const list = await t.app.inject({ method: 'GET', url: '/api/trading/credentials', headers: auth });
    expect(list.body).not.toContain(GOOD);
    const found = await rows<{ id: string; user_id: string; provider: string; ciphertext: string }>(
      t.platform.database.db,
      sql`select id, user_id, provider, ciphertext from trading.credentials where id = ${view.id}`,
    );
    const row = found[0]!;
    expect(row.ciphertext).not.toContain(GOOD);
    expect(t.platform.secrets.decrypt(row.ciphertext, credentialAad(row.user_id, row.provider, row.id))).toBe(GOOD);
    // Bound to its row: the same ciphertext under another id or user does not decrypt.
    expect(() => t.platform.secrets.decrypt(row.ciphertext, credentialAad(row.user_id, row.provider, '00000000-0000-0000-0000-000000000001'))).toThrow();
    expect(() => t.platform.secrets.decrypt(row.ciphertext, credentialAad('00000000-0000-0000-0000-000000000002', row.provider, row.id))).toThrow();
  });

  it('the aadSql declared in secretColumns rebuilds the exact AAD, so key rotation can re-encrypt every row', async () => {
    const col = tradingModule.secretColumns![0]!;
    expect(col).toMatchObject({ table: 'trading.credentials', idColumn: 'id', column: 'ciphertext' });
    const found = await t.platform.database.query<{ id: string; ciphertext: string; aad: string }>(
      `select id::text as id, ciphertext, (${col.aadSql}) as aad from trading.credentials`,
    );
    expect(found.length).toBeGreaterThan(0);
    for (const r of found) {
      const rotated = t.platform.secrets.reencrypt(r.ciphertext, r.aad);
      expect(t.platform.secrets.decrypt(rotated, r.aad)).toMatch(/^sk-/);
    }
  });

  it('refuses base URLs the server must not call with a key: metadata addresses, plain http over the internet, user info', async () => {
    const before = await count();
    for (const url of ['http://169.254.169.254/latest', 'http://[fe80::1]/v1', 'http://8.8.8.8/v1', 'https://me:secret@example.com/v1']) {
      const res = await save(GOOD, { baseUrl: url });
      expect([url, res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([url, 400, 'TRADING_BASE_URL_REFUSED']);
    }
    expect(await count()).toBe(before);
  });

  it('malformed keys and base URLs are 400s', async () => {
    expect((await save('short')).statusCode).toBe(400);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/trading/credentials',
          headers: auth,
          payload: { provider: 'openai-compatible', label: 'x', apiKey: 'sk-abcdefgh1234' },
        })
      ).statusCode,
    ).toBe(400);
  });
});
