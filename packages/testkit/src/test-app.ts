import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import {
  addMember,
  createApiKey,
  createApp,
  createOrganization,
  createPlatform,
  createUser,
  loadConfig,
  type App,
  type Config,
  type Platform,
  type ModuleName,
  type Role,
  type TesseraModule,
} from '@tessera/core';
import { createTestDatabase, type TestDatabase } from './template-database.ts';

export interface TestOrg {
  orgId: string;
  slug: string;
  /** An owner API key of this organization. */
  ownerKey: string;
}

export interface TestApp {
  app: App;
  platform: Platform;
  testDb: TestDatabase;
  /** A new organization with an owner key; each call makes a distinct tenant. */
  createOrg(slug?: string): Promise<TestOrg>;
  createKey(orgId: string, role: Role, scopes?: string[]): Promise<string>;
  /** A user with a password who is a member of the given organizations. */
  createUser(memberships: { orgId: string; role: Role }[], password?: string): Promise<{ userId: string; email: string; password: string }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  modules?: readonly TesseraModule[];
  /** Load modules by name through the server's registry (a module's tests may need the gateway's LLM port). */
  moduleNames?: readonly ModuleName[];
  config?: Partial<Config>;
  /** Reuse a database (several apps on one database act like several server processes). */
  testDb?: TestDatabase;
}

/** Builds the real app on a fresh migrated database; route tests call `app.inject()` on it. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testDb = options.testDb ?? (await createTestDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-test-'));
  const config: Config = {
    ...loadConfig({}, [], { dataDir, databaseUrl: testDb.url, webDistDir: join(dataDir, 'no-web'), gitSha: 'test', seedDemo: false }),
    secretKeys: [`test1:${randomBytes(32).toString('base64')}`],
    redisUrl: process.env.TEST_REDIS_URL ?? null,
    // Each test app counts in its own Redis namespace: runs and projects share one Redis.
    redisKeyPrefix: `test:${randomBytes(6).toString('hex')}:`,
    ...options.config,
  };
  const platform = await createPlatform(config, {
    database: testDb.database,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    processMetrics: false,
  });
  const modules = options.moduleNames ? (await import('@tessera/server')).enabledModules(options.moduleNames) : (options.modules ?? []);
  const app = await createApp(platform, modules);
  await app.ready();
  await platform.jobs.start();
  const system = { type: 'system' as const, id: 'test' };
  const db = platform.database.db;
  return {
    app,
    platform,
    testDb,
    createOrg: async (slug) => {
      const s = slug ?? `org-${randomBytes(4).toString('hex')}`;
      const org = await createOrganization(db, s, `Org ${s}`, system);
      const { key } = await createApiKey(
        db,
        { orgId: org.id, name: 'owner', role: 'owner', scopes: ['*'], expiresAt: null, ownerUserId: null, createdBy: null },
        system,
      );
      return { orgId: org.id, slug: s, ownerKey: key };
    },
    createKey: async (orgId, role, scopes = ['*']) =>
      (await createApiKey(db, { orgId, name: `${role} key`, role, scopes, expiresAt: null, ownerUserId: null, createdBy: null }, system)).key,
    createUser: async (memberships, password = 'correct horse battery') => {
      const email = `u-${randomBytes(4).toString('hex')}@test.local`;
      const user = await createUser(db, { email, name: 'Test User', password });
      for (const m of memberships) await addMember(db, m.orgId, user.id, m.role, system);
      return { userId: user.id, email, password };
    },
    close: async () => {
      await app.close();
      await platform.close();
      if (!options.testDb) await testDb.drop();
    },
  };
}

export function bearer(key: string): { authorization: string } {
  return { authorization: `Bearer ${key}` };
}
