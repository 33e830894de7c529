import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '@tessera/testkit';
import { createApp, createPlatform, loadConfig } from '@tessera/core';
import pino from 'pino';
import { DEMO_EMAIL, seedDemoIfEmpty } from './demo-seed.ts';
import { ALL_MODULES } from './all-modules.ts';

describe('first start', () => {
  it('creates the demo user in one organization per product, each seeded by its module, once', async () => {
    const testDb = await createTestDatabase();
    const config = loadConfig({}, [], {
      dataDir: mkdtempSync(join(tmpdir(), 'first-')),
      databaseUrl: testDb.url,
      gitSha: 'test',
      demoPassword: 'demo-pass-123',
    });
    const platform = await createPlatform(config, { database: testDb.database, logger: pino({ level: 'silent' }), processMetrics: false });
    try {
      const app = await createApp(platform, ALL_MODULES);
      const demo = await seedDemoIfEmpty(platform, ALL_MODULES);
      expect(demo).toEqual({ email: DEMO_EMAIL, password: 'demo-pass-123' });
      expect(await seedDemoIfEmpty(platform, ALL_MODULES)).toBeNull();

      const signIn = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: DEMO_EMAIL, password: 'demo-pass-123' } });
      expect(signIn.statusCode).toBe(200);
      const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      const slugs = (me.json().organizations as { slug: string; role: string }[]).map((o) => o.slug).sort();
      expect(slugs).toEqual(['alfred-demo', 'edgars-auto', 'midwest-accounting', 'oh-my-coins']);
      expect(me.json().modules.map((m: { name: string }) => m.name)).toEqual(['gateway', 'bookkeeping', 'trading', 'status-board']);
      await app.close();
    } finally {
      await platform.close();
      await testDb.drop();
    }
  });
});
