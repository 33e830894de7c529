import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '@tessera/core';

export type TestBackend = 'pglite' | 'postgres';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
/**
 * Several people (or agents) may run the suite at once on one machine; TESSERA_TEST_NAMESPACE keeps
 * their templates apart so one run's template rebuild never drops another run's template.
 */
const NAMESPACE = (process.env.TESSERA_TEST_NAMESPACE ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
export const PGLITE_TEMPLATE_FILE = resolve(REPO_ROOT, `.tmp/pglite-template${NAMESPACE ? `-${NAMESPACE}` : ''}.tar.gz`);
export const PG_TEMPLATE_DB = `tessera_test_template${NAMESPACE ? `_${NAMESPACE}` : ''}`;

/** Which backend this test run uses; the vitest project sets it (postgres only with TEST_DATABASE_URL). */
export function testBackend(): TestBackend {
  return process.env.TESSERA_TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite';
}

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface TestDatabase {
  database: Database;
  /** Set on PostgreSQL: the URL of this test's own database (for extra processes). */
  url: string | null;
  drop(): Promise<void>;
}

/**
 * A fresh, fully migrated database for one test file: PGlite restored from the migrated dump the
 * global setup made, or a PostgreSQL database cloned from the migrated template database.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testBackend() === 'postgres') {
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    const name = `tessera_t_${randomBytes(6).toString('hex')}`;
    try {
      await admin.query(`create database ${name} template ${PG_TEMPLATE_DB}`);
    } finally {
      await admin.end();
    }
    const url = withDatabaseName(testDatabaseUrl(), name);
    const database = await openDatabase({ databaseUrl: url, dataDir: null, poolSize: 20 });
    return {
      database,
      url,
      drop: async () => {
        await database.close();
        const a = new pg.Client({ connectionString: testDatabaseUrl() });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
        await a.end();
      },
    };
  }
  if (!existsSync(PGLITE_TEMPLATE_FILE)) throw new Error(`missing ${PGLITE_TEMPLATE_FILE}: run tests through vitest (its global setup builds the template)`);
  const database = await openDatabase({ databaseUrl: null, dataDir: null, loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE_FILE)]) });
  return { database, url: null, drop: () => database.close() };
}
