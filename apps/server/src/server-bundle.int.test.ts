import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, testDatabaseUrl, withDatabaseName } from '@tessera/testkit';
import { buildServer } from '../../../scripts/build-server.ts';

const root = resolve(import.meta.dirname, '../../..');
const node = resolve(root, 'node_modules/.bin/node');
const PASSWORD = 'bundle-test-password';

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
    s.on('error', fail);
  });
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the bundled server exited with ${child.exitCode}:\n${output()}`);
    const res = await fetch(`${url}/readyz`).catch(() => null);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the bundled server was not ready in 90 s:\n${output()}`);
}

// The production bundle is what `npm start` runs; every other test runs the TypeScript sources.
// This one proves the bundle finds what it loads from disk (migrations, the web build, the
// embedded database's WebAssembly) and loads only the modules it is told to.
describe('production server bundle', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bundle-'));
  const outDir = join(dataDir, 'dist');
  let dbName: string | null = null;
  let child: ChildProcess;
  let url = '';
  let output = '';

  beforeAll(async () => {
    await buildServer(outDir);
    const env: Record<string, string> = { ...(process.env as Record<string, string>), DATA_DIR: dataDir, MODULES: 'gateway,trading', LOG_LEVEL: 'warn' };
    env.SEED_DEMO = 'true';
    env.DEMO_PASSWORD = PASSWORD;
    env.HOST = '127.0.0.1';
    env.PORT = String(await freePort());
    env.DATABASE_URL = '';
    env.REDIS_URL = '';
    if (testBackend() === 'postgres') {
      dbName = `tessera_bundle_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: testDatabaseUrl() });
      await admin.connect();
      await admin.query(`create database ${dbName}`).finally(() => admin.end());
      env.DATABASE_URL = withDatabaseName(testDatabaseUrl(), dbName);
    }
    url = `http://127.0.0.1:${env.PORT}`;
    child = spawn(node, ['--max-semi-space-size=8', join(outDir, 'main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    await waitReady(url, child, () => output);
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (dbName) {
      const admin = new pg.Client({ connectionString: testDatabaseUrl() });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`).finally(() => admin.end());
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates, seeds and serves the enabled modules only, with the web shell', async () => {
    const signIn = await fetch(`${url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'demo@tessera.local', password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };

    const me = (await (await fetch(`${url}/api/auth/me`, { headers: { cookie } })).json()) as {
      modules: { name: string }[];
      organizations: { slug: string }[];
    };
    expect(me.modules.map((m) => m.name)).toEqual(['gateway', 'trading']);
    expect(me.organizations.map((o) => o.slug).sort()).toEqual(['alfred-demo', 'oh-my-coins']);

    // A chat through the in-process gateway on its offline provider.
    const chat = await fetch(`${url}/api/gateway/playground`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, 'x-tessera-org': 'alfred-demo' },
      body: JSON.stringify({ model: 'offline/tessera-1', messages: [{ role: 'user', content: 'Hello from the bundle' }] }),
    });
    expect(chat.status).toBe(200);
    expect(JSON.stringify(await chat.json())).toContain('offline');

    // A module that is not enabled has no routes in this process.
    const board = await fetch(`${url}/api/status-board/board`, { headers: { cookie } });
    expect(board.status).toBe(404);

    const shell = await fetch(`${url}/`);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<div id="root">');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
