import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { migrate, openDatabase, type MigrationSource } from '@tessera/core';
import { wrapPglite } from '@tessera/core/db/pglite-database';
import { PGLITE_TEMPLATE_FILE, PG_TEMPLATE_DB, testDatabaseUrl, withDatabaseName, type TestBackend } from './template-database.ts';

/**
 * Builds the migrated template once per test run, so each test file starts from a fresh copy
 * instead of replaying every migration.
 */
export async function buildTemplates(sources: MigrationSource[], backend: TestBackend): Promise<void> {
  if (backend === 'pglite') {
    const client = new PGlite();
    await client.waitReady;
    await migrate(wrapPglite(client), sources);
    const dump = await client.dumpDataDir('gzip');
    mkdirSync(dirname(PGLITE_TEMPLATE_FILE), { recursive: true });
    writeFileSync(PGLITE_TEMPLATE_FILE, Buffer.from(await dump.arrayBuffer()));
    await client.close();
    return;
  }
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${PG_TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${PG_TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const template = await openDatabase({ databaseUrl: withDatabaseName(testDatabaseUrl(), PG_TEMPLATE_DB), dataDir: null, poolSize: 2 });
  try {
    await migrate(template, sources);
  } finally {
    await template.close();
  }
}
