import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { buildServer } from '../../scripts/build-server.ts';
import { freePort, spawnServer, type ChildServer } from './child-server.ts';

const run = promisify(execFile);
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(repoRoot, 'apps/server/src/cli.ts');

let built: Promise<unknown> | null = null;
/** Builds the production bundle once per benchmark process, as `npm start` does before it runs it. */
function ensureServerBuilt(): Promise<unknown> {
  built ??= buildServer();
  return built;
}

export interface ServerLaunch {
  /** Environment assignments before `node` in the start command (allocator settings). */
  env: Record<string, string>;
  /** Node flags, then the entry file, relative to the repository root. */
  args: string[];
}

/**
 * How `npm start` runs the server (its last command: `VAR=value node --flags entry`), read from
 * package.json so a benchmark runs it exactly as a user does. `npm start` builds the bundle
 * first; `startTessera` does the same.
 */
export function serverLaunch(): ServerLaunch {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const command = manifest.scripts.start.split('&&').at(-1)?.trim() ?? '';
  const words = command.split(/\s+/).filter(Boolean);
  const env: Record<string, string> = {};
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = (words.shift() as string).split('=');
    env[name as string] = value.join('=');
  }
  if (words.shift() !== 'node') throw new Error(`npm start does not end with a node command: ${command}`);
  return { env, args: words };
}

export type Backend = 'pglite' | 'postgres';

export interface TesseraOptions {
  backend: Backend;
  /** Admin URL of a PostgreSQL server; a fresh database is created on it and dropped at stop. */
  postgresUrl?: string;
  /** MODULES setting; all modules by default, as `npm start` runs. */
  modules?: string;
  /** Extra environment for the server (and the CLI); it wins over the start command's. */
  env?: Record<string, string>;
  /** Node flags added after the start command's (for A/B runs of a flag). */
  extraNodeFlags?: string[];
  orgSlug?: string;
}

export interface TesseraServer extends ChildServer {
  backend: Backend;
  orgSlug: string;
  /** An owner API key of `orgSlug`, created through the CLI before the server started. */
  apiKey: string;
  databaseUrl: string | null;
}

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** True when a PostgreSQL server answers at this URL. */
export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Starts `node apps/server/src/main.ts` as the production server runs, on a fresh embedded data
 * directory or a fresh PostgreSQL database, with one organization and an owner API key made
 * through the `tessera` CLI first (on the embedded backend only one process may open the data
 * directory, so the CLI runs before the server).
 */
export async function startTessera(options: TesseraOptions): Promise<TesseraServer> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing; the harness creates its organization and key through the tessera CLI`);
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
  const orgSlug = options.orgSlug ?? 'bench';
  let databaseUrl: string | null = null;
  let dbName: string | null = null;
  const adminUrl = options.postgresUrl ?? DEFAULT_POSTGRES_URL;
  if (options.backend === 'postgres') {
    dbName = `tessera_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await adminQuery(adminUrl, `create database ${dbName}`);
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const cleanup = async () => {
    if (dbName) await adminQuery(adminUrl, `drop database if exists ${dbName} with (force)`).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };

  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_KEY: '100000000',
    RATE_LIMIT_PER_IP: '100000000',
    GIT_SHA: 'bench',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
    ...(options.modules ? { MODULES: options.modules } : {}),
    ...options.env,
  };
  try {
    const cli = async (args: string[]) =>
      (await run(process.execPath, [CLI, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, maxBuffer: 1 << 20 })).stdout;
    await cli(['org', 'create', '--slug', orgSlug, '--name', `Benchmark ${orgSlug}`]);
    const created = JSON.parse(await cli(['apikey', 'create', '--org', orgSlug, '--role', 'owner', '--json'])) as { key?: unknown };
    if (typeof created.key !== 'string') throw new Error('tessera apikey create --json printed no key');
    const apiKey = created.key;

    const launch = serverLaunch();
    await ensureServerBuilt();
    const flags = launch.args.slice(0, -1);
    const entry = launch.args.slice(-1);
    const port = await freePort();
    const server = await spawnServer({
      name: `tessera (${options.backend})`,
      args: [...flags, ...(options.extraNodeFlags ?? []), ...entry],
      env: { ...launch.env, ...env, PORT: String(port) },
      cwd: repoRoot,
      url: `http://127.0.0.1:${port}`,
      readyPath: '/readyz',
    });
    return {
      ...server,
      backend: options.backend,
      orgSlug,
      apiKey,
      databaseUrl,
      stop: async () => {
        await server.stop();
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
