import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testBackend } from '@tessera/testkit';
import { loadConfig } from '@tessera/core';
import { buildApp } from './build-app.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');

describe('tessera CLI', () => {
  // Embedded only: the CLI test needs a DATA_DIR it can hand to child processes; PostgreSQL would repeat the same code path.
  it.runIf(testBackend() === 'pglite')('creates an organization and an API key that the server then accepts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cli-'));
    const env = { ...process.env, DATA_DIR: dataDir, MODULES: 'status-board', LOG_LEVEL: 'silent' };
    const node = resolve(root, 'node_modules/.bin/node');
    await run(node, ['apps/server/src/cli.ts', 'org', 'create', '--slug', 'cli-org', '--name', 'CLI Org'], { cwd: root, env });
    const { stdout } = await run(node, ['apps/server/src/cli.ts', 'apikey', 'create', '--org', 'cli-org', '--role', 'admin', '--json'], { cwd: root, env });
    const { key } = JSON.parse(stdout) as { key: string };
    expect(key).toMatch(/^tsk_/);
    const bad = await run(node, ['apps/server/src/cli.ts', 'apikey', 'create', '--org', 'missing', '--role', 'admin'], { cwd: root, env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).toMatchObject({ code: 2 });

    const built = await buildApp(loadConfig({}, [], { dataDir, modules: ['status-board'], logLevel: 'silent', gitSha: 'test' }));
    try {
      const res = await built.app.inject({ method: 'GET', url: '/api/orgs/current', headers: { authorization: `Bearer ${key}` } });
      expect(res.json()).toMatchObject({ slug: 'cli-org', role: 'admin' });
    } finally {
      await built.close();
    }
  });
});
