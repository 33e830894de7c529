import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createApp, createOrganization, createPlatform, loadConfig, type App, type Platform } from '@tessera/core';
import { createTestDatabase, type TestDatabase } from '@tessera/testkit';
import { tradingModule } from '../index.ts';

// Everything the server logs at trace level, captured, to prove the key never reaches a log line.
const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(chunk.toString('utf8'));
    done();
  },
});
const SECRET = `sk-live-${randomBytes(12).toString('hex')}`;
let upstream: Server;
let baseUrl: string;
let db: TestDatabase;
let platform: Platform;
let app: App;
let key: string;

beforeAll(async () => {
  // Kept as a real endpoint the key would be sent to, were a gateway loaded.
  upstream = createServer((req, res) => {
    const ok = req.headers.authorization === `Bearer ${SECRET}`;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(ok ? '{"object":"list","data":[]}' : '{"error":{"message":"bad key"}}');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  db = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'omc-log-'));
  const config = {
    ...loadConfig({}, [], { dataDir, databaseUrl: db.url, webDistDir: join(dataDir, 'no-web'), gitSha: 'test', seedDemo: false, logLevel: 'trace' }),
    secretKeys: [`t1:${randomBytes(32).toString('base64')}`],
    redisUrl: null,
  };
  platform = await createPlatform(config, { database: db.database, logger: pino({ level: 'trace' }, sink), processMetrics: false });
  // Modules may not import the server registry or the gateway, so this app runs trading alone: keys
  // are stored unverified, and the refusal path is exercised with a malformed body instead.
  app = await createApp(platform, [tradingModule]);
  await app.ready();
  const system = { type: 'system' as const, id: 'test' };
  const org = await createOrganization(platform.database.db, 'log-probe', 'Log probe', system);
  key = (
    await createApiKey(
      platform.database.db,
      { orgId: org.id, name: 'owner', role: 'owner', scopes: ['*'], expiresAt: null, ownerUserId: null, createdBy: null },
      system,
    )
  ).key;
});
afterAll(async () => {
  await app?.close();
  await platform?.close();
  await db?.drop();
  upstream?.close();
});

describe('credential secrecy in logs', () => {
  it('saving, refusing and listing keys never writes the key to any log line', async () => {
    const headers = { authorization: `Bearer ${key}` };
    const good = await app.inject({
      method: 'POST',
      url: '/api/trading/credentials',
      headers,
      payload: { provider: 'openai-compatible', label: 'k', apiKey: SECRET, baseUrl },
    });
    expect(good.statusCode).toBe(201);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/trading/credentials',
      headers,
      payload: { provider: 'openai-compatible', label: 'k', apiKey: `${SECRET}x` },
    });
    expect(bad.statusCode).toBe(400);
    const session = await app.inject({ method: 'POST', url: '/api/trading/agents/sessions', headers, payload: { question: 'hi', model: 'gpt-4o-mini' } });
    expect(session.json<{ errorCode: string }>().errorCode).toBe('LLM_UNAVAILABLE');
    const malformed = await app.inject({ method: 'POST', url: '/api/trading/credentials', headers, payload: { provider: 'nope', apiKey: SECRET } });
    expect(malformed.statusCode).toBe(400);
    await app.inject({ method: 'GET', url: '/api/trading/credentials', headers });
    expect(lines.length).toBeGreaterThan(3);
    const all = lines.join('\n') + good.body + bad.body + malformed.body;
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(SECRET.slice(8));
  });
});
