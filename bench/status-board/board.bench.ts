/**
 * Status Board benchmark: 200 jobs on one day, autocannon against a real listening server on
 * 127.0.0.1. Board reads at a fixed 1,000 req/s, moves, stats, a bare /healthz baseline in the
 * same run, and SSE fan-out latency to a second client. PGlite always; PostgreSQL too when
 * DATABASE_URL is set (a scratch database is created and dropped).
 *   node bench/status-board/board.bench.ts [--seconds 10] [--only moves,sse]
 * --only runs a subset (healthz, boardFixed, boardMax, stats, moves, sse) while iterating.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannonModule from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { coreMigrationsDir, createApiKey, createApp, createOrganization, createPlatform, loadConfig, migrate, type App, type Platform } from '@tessera/core';
import { createStatusBoardModule } from '../../modules/status-board/src/server/index.ts';
import { spreadKeys } from '../../modules/status-board/src/server/board/fractional-key.ts';

// autocannon ships no types: the small part used here.
interface AcRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AcRequest) => AcRequest;
  onResponse?: (status: number, body: string) => void;
}
interface AcClient {
  on(event: 'response', fn: (status: number, bytes: number, ms: number) => void): void;
  setRequests(reqs: AcRequest[]): void;
}
interface AcOptions {
  url: string;
  duration?: number;
  connections?: number;
  overallRate?: number;
  headers?: Record<string, string>;
  setupClient?: (client: AcClient) => void;
}
interface AcResult {
  requests: { average: number };
  errors: number;
  timeouts: number;
}
const autocannon = autocannonModule as unknown as (opts: AcOptions) => Promise<AcResult>;

const LOAD_AT_START = loadavg()[0]!;
const SECONDS = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;
const ONLY = process.argv.includes('--only') ? new Set(process.argv[process.argv.indexOf('--only') + 1]!.split(',')) : null;
const wanted = (scenario: string) => ONLY === null || ONLY.has(scenario);
const JOBS = 200;
const DAY = '2025-09-20';
const STATUSES = ['scheduled', 'en_route', 'checked_in', 'in_progress', 'waiting_parts', 'waiting_approval', 'ready', 'completed'];

interface Instance {
  app: App;
  platform: Platform;
  url: string;
}

async function start(databaseUrl: string | null): Promise<Instance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const config = loadConfig({}, [], {
    dataDir,
    databaseUrl,
    seedDemo: false,
    logLevel: 'warn',
    rateLimitPerKey: 100_000_000,
    rateLimitPerIp: 100_000_000,
    databasePoolSize: 20,
    webDistDir: join(dataDir, 'no-web'),
  });
  const platform = await createPlatform(config, { logger: pino({ level: 'warn' }), processMetrics: false });
  const mod = createStatusBoardModule();
  await migrate(platform.database, [
    { owner: 'core', dir: coreMigrationsDir },
    { owner: mod.name, dir: mod.migrationsDir },
  ]);
  const app = await createApp(platform, [mod]);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  return { app, platform, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` };
}

async function seed(p: Platform): Promise<{ key: string; movers: { id: string; status: string; version: number }[] }> {
  const db = p.database.db;
  const system = { type: 'system' as const, id: 'bench' };
  const org = await createOrganization(db, `bench-${Date.now().toString(36)}`, 'Bench shop', system);
  const { key } = await createApiKey(
    db,
    { orgId: org.id, name: 'bench', role: 'owner', scopes: ['*'], expiresAt: null, ownerUserId: null, createdBy: null },
    system,
  );
  const q = p.database.query.bind(p.database);
  const [c] = await q<{ id: string }>(`insert into status_board.customers (org_id, name) values ($1, 'Bench customer') returning id`, [org.id]);
  const [t] = await q<{ id: string }>(`insert into status_board.technicians (org_id, name) values ($1, 'Bench tech') returning id`, [org.id]);
  const [s] = await q<{ id: string }>(
    `insert into status_board.services (org_id, code, name, price_cents, duration_minutes) values ($1, 'OIL001', 'Oil change', 4999, 30) returning id`,
    [org.id],
  );
  const movers: { id: string; status: string; version: number }[] = [];
  for (const [i, status] of STATUSES.entries()) {
    const n = JOBS / STATUSES.length;
    const keys = spreadKeys(n);
    for (const k of keys) {
      const [row] = await q<{ id: string }>(
        `insert into status_board.appointments (org_id, date, customer_id, technician_id, status, sort_key, total_cents, duration_minutes, window_start)
         values ($1, $2, $3, $4, $5, $6, 4999, 30, '08:00') returning id`,
        [org.id, DAY, c!.id, t!.id, status, k],
      );
      await q(
        `insert into status_board.appointment_lines (org_id, appointment_id, service_id, code, name, price_cents, duration_minutes, position) values ($1, $2, $3, 'OIL001', 'Oil change', 4999, 30, 0)`,
        [org.id, row!.id, s!.id],
      );
      if (i === 2 || i === 3) movers.push({ id: row!.id, status, version: 1 });
    }
  }
  return { key, movers };
}

interface Figures {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  requests: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function cannon(opts: AcOptions & { setup?: (client: AcClient) => void }): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const result = await autocannon({
    duration: SECONDS,
    ...opts,
    setupClient: (client) => {
      client.on('response', (status, _bytes, ms) => {
        latencies.push(ms);
        if (status >= 400) errors++;
      });
      opts.setup?.(client);
    },
  });
  latencies.sort((a, b) => a - b);
  return {
    rps: Math.round(result.requests.average),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: errors + result.errors + result.timeouts,
    requests: latencies.length,
  };
}

async function sseLatency(
  pub: Instance,
  sub: Instance,
  key: string,
  movers: { id: string; status: string; version: number }[],
  samples = 100,
): Promise<{ p50: number; p95: number; max: number }> {
  const ctrl = new AbortController();
  const res = await fetch(`${sub.url}/api/status-board/events?date=${DAY}`, { headers: { authorization: `Bearer ${key}` }, signal: ctrl.signal });
  const arrivals = new Map<string, number>();
  let waiting: (() => void) | null = null;
  void (async () => {
    const dec = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += dec.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          if (id || block.includes('event: ready')) {
            arrivals.set(id ?? 'ready', performance.now());
            (waiting as (() => void) | null)?.();
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  const waitFor = async (id: string) => {
    const deadline = performance.now() + 5000;
    while (!arrivals.has(id) && performance.now() < deadline) await new Promise<void>((r) => ((waiting = r), setTimeout(r, 50)));
    return arrivals.get(id);
  };
  await waitFor('ready');
  const lat: number[] = [];
  for (let i = 0; i < samples; i++) {
    const m = movers[i % movers.length]!;
    const to = m.status === 'checked_in' ? 'in_progress' : 'checked_in';
    const sent = performance.now();
    const r = await fetch(`${pub.url}/api/status-board/appointments/${m.id}/move`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ toStatus: to, expectedVersion: m.version }),
    });
    const body = (await r.json()) as { seq: number; card: { version: number; status: string } };
    m.version = body.card.version;
    m.status = body.card.status;
    const at = await waitFor(String(body.seq));
    if (at !== undefined) lat.push(at - sent);
  }
  ctrl.abort();
  lat.sort((a, b) => a - b);
  return { p50: percentile(lat, 50), p95: percentile(lat, 95), max: lat.at(-1) ?? NaN };
}

async function runBackend(name: string, databaseUrl: string | null): Promise<Record<string, Figures | { p50: number; p95: number; max: number } | null>> {
  const a = await start(databaseUrl);
  // A second server process on the same database for cross-instance fan-out (PostgreSQL only: PGlite is in-process).
  const b = databaseUrl ? await start(databaseUrl) : a;
  try {
    const { key, movers } = await seed(a.platform);
    const auth = { authorization: `Bearer ${key}` };
    console.log(`[${name}] baseline /healthz`);
    const healthz = wanted('healthz') ? await cannon({ url: `${a.url}/healthz`, connections: 10 }) : null;
    console.log(`[${name}] board reads at 1,000 req/s`);
    const boardFixed = wanted('boardFixed')
      ? await cannon({ url: `${a.url}/api/status-board/board?date=${DAY}`, headers: auth, connections: 10, overallRate: 1000 })
      : null;
    console.log(`[${name}] board reads, max throughput`);
    const boardMax = wanted('boardMax') ? await cannon({ url: `${a.url}/api/status-board/board?date=${DAY}`, headers: auth, connections: 10 }) : null;
    console.log(`[${name}] stats`);
    const stats = wanted('stats')
      ? await cannon({ url: `${a.url}/api/status-board/stats?date=${DAY}`, headers: auth, connections: 10, overallRate: 1000 })
      : null;
    console.log(`[${name}] moves`);
    // Each connection owns its own cards, so in-flight moves never race for one card.
    const connections = 4;
    let next = 0;
    const moves = !wanted('moves')
      ? null
      : await cannon({
          url: a.url,
          connections,
          setup: (client) => {
            const mine = movers.filter((_, i) => i % connections === next % connections);
            next++;
            let turn = 0;
            let current = mine[0]!;
            client.setRequests([
              {
                method: 'POST',
                path: '/',
                setupRequest: (req) => {
                  current = mine[turn++ % mine.length]!;
                  const to = current.status === 'checked_in' ? 'in_progress' : 'checked_in';
                  return {
                    ...req,
                    path: `/api/status-board/appointments/${current.id}/move`,
                    headers: { ...auth, 'content-type': 'application/json' },
                    body: JSON.stringify({ toStatus: to, expectedVersion: current.version }),
                  };
                },
                onResponse: (status, body) => {
                  if (status === 200) {
                    const card = (JSON.parse(body) as { card: { version: number; status: string } }).card;
                    current.version = card.version;
                    current.status = card.status;
                  }
                },
              },
            ]);
          },
        });
    console.log(`[${name}] SSE fan-out`);
    const sse = wanted('sse') ? await sseLatency(a, b, key, movers) : null;
    return { healthz, boardFixed, boardMax, stats, moves, sse };
  } finally {
    if (b !== a) {
      await b.app.close();
      await b.platform.close();
    }
    await a.app.close();
    await a.platform.close();
  }
}

async function withScratchPg<T>(url: string, fn: (scratch: string) => Promise<T>): Promise<T> {
  const name = `sb_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  try {
    return await fn(u.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const results: [string, Awaited<ReturnType<typeof runBackend>>][] = [['PGlite', await runBackend('pglite', null)]];
if (process.env.DATABASE_URL) results.push(['PostgreSQL', await withScratchPg(process.env.DATABASE_URL, (u) => runBackend('postgres', u))]);

const f = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(x < 10 ? 1 : 0));
const rows: string[] = [];
const label: Record<string, string> = {
  healthz: 'GET /healthz (baseline, max rate)',
  boardFixed: 'GET /board, 200 jobs, fixed 1,000 req/s',
  boardMax: 'GET /board, 200 jobs, max rate',
  stats: 'GET /stats, fixed 1,000 req/s',
  moves: 'POST /move, 4 connections, max rate',
};
for (const k of Object.keys(label)) {
  const cells = results.map(([, r]) => {
    const x = r[k] as Figures | null;
    if (x === null) return '- | - | - | - | -';
    return `${x.rps} | ${f(x.p50)} | ${f(x.p95)} | ${f(x.p99)} | ${x.errors}`;
  });
  rows.push(`| ${label[k]} | ${cells.join(' | ')} |`);
}
const sseRow = `| SSE: move sent → change at a 2nd client${results.length > 1 ? ' (PostgreSQL: on a 2nd server instance)' : ''} | ${results
  .map(([, r]) => {
    const s = r['sse'] as { p50: number; p95: number; max: number } | null;
    if (s === null) return '- | - | - | - (max) | -';
    return `- | ${f(s.p50)} | ${f(s.p95)} | ${f(s.max)} (max) | -`;
  })
  .join(' | ')} |`;
const header = `| scenario | ${results.map(([n]) => `${n} req/s | p50 ms | p95 ms | p99 ms | errors`).join(' | ')} |`;
const sep = `|---|${results.map(() => '---:|---:|---:|---:|---:').join('|')}|`;
let gitSha = 'unknown';
try {
  gitSha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {
  // not a checkout
}
const ratio = results
  .map(([n, r]) => {
    const board = r['boardMax'] as Figures | null;
    const base = r['healthz'] as Figures | null;
    return board && base ? `${n}: board reads reach ${((board.rps / base.rps) * 100).toFixed(0)}% of the bare /healthz rate` : `${n}: not measured`;
  })
  .join('; ');
const md = `# Status Board benchmark

- Machine: \`${execFileSync('uname', ['-a'], { encoding: 'utf8' }).trim()}\`, ${cpus().length} CPUs
- Date: ${new Date().toISOString()} (commit ${gitSha}); 1-min load average ${LOAD_AT_START.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end (other work on the machine inflates every figure, the baseline included)
- Command: \`node bench/status-board/board.bench.ts --seconds ${SECONDS}${ONLY ? ` --only ${[...ONLY].join(',')}` : ''}\`${process.env.DATABASE_URL ? ' with DATABASE_URL set' : ''}
- Data: one shop, ${JOBS} jobs on the day spread over 8 columns, each with a priced line; autocannon ${SECONDS} s per scenario, 10 connections (moves: 4, each owning its cards), server and load generator on the same ${cpus().length}-core machine.
- Targets (issue 3): board p95 ≤ 10 ms at 1,000 req/s, moves p95 ≤ 25 ms, stats p95 ≤ 10 ms, zero errors; SSE update at a 2nd client < 100 ms p95.

${header}
${sep}
${rows.join('\n')}
${sseRow}

Ratio to baseline: ${ratio}.
`;
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/status-board.md', import.meta.url), md);
console.log(md);
process.exit(0);
