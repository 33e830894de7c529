/**
 * What does the platform cost per request? An authenticated trivial route (`GET /api/orgs/current`
 * with a Bearer API key: key lookup, tenancy, role check, rate limit, security headers, metrics,
 * one organization read) against a bare Fastify hello-world started in the same run, on the
 * embedded database and on PostgreSQL.
 *
 *   node bench/platform/auth-route.bench.ts [--duration 10] [--connections 50] [--backends pglite,postgres]
 *                                           [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_POSTGRES_URL,
  machineInfo,
  postgresReachable,
  repoRoot,
  runLoad,
  startHelloBaseline,
  startTessera,
  summaryLine,
  writeResultsMarkdown,
  type Backend,
  type ResultRow,
} from '../lib/index.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    backends: { type: 'string', default: 'pglite,postgres' },
    'postgres-url': { type: 'string', default: DEFAULT_POSTGRES_URL },
    out: { type: 'string', default: join(repoRoot, 'bench/results/platform.md') },
  },
});
const durationSeconds = Number(values.duration);
const connections = Number(values.connections);
if (!(durationSeconds > 0 && durationSeconds <= 120)) throw new Error('--duration must be between 1 and 120 seconds');
if (!(connections > 0 && connections <= 1000)) throw new Error('--connections must be between 1 and 1000');
const backends = values.backends.split(',').map((b) => b.trim()) as Backend[];
for (const b of backends) if (b !== 'pglite' && b !== 'postgres') throw new Error(`unknown backend ${String(b)}`);

const WARMUP_SECONDS = 2;
const rows: ResultRow[] = [];
const notes: string[] = [];
const machine = machineInfo();

async function measure(target: string, variant: string, url: string, pid: number, headers: Record<string, string> = {}): Promise<ResultRow> {
  await runLoad({ url, headers, connections: Math.min(connections, 10), durationSeconds: WARMUP_SECONDS });
  const row = { target, variant, result: await runLoad({ url, headers, connections, durationSeconds, serverPid: pid }) };
  console.log(summaryLine(row));
  return row;
}

console.log(`platform benchmark: ${durationSeconds} s per target, ${connections} connections, backends ${backends.join(', ')}`);
const hello = await startHelloBaseline();
let baseline: ResultRow;
try {
  baseline = await measure('Fastify hello-world', 'baseline', `${hello.url}/hello`, hello.pid);
  rows.push(baseline);
} finally {
  await hello.stop();
}

for (const backend of backends) {
  if (backend === 'postgres' && !(await postgresReachable(values['postgres-url']))) {
    const msg = `PostgreSQL backend not measured: no server answered at ${values['postgres-url']}.`;
    console.warn(msg);
    notes.push(msg);
    continue;
  }
  const server = await startTessera({ backend, postgresUrl: values['postgres-url'] });
  try {
    const headers = { authorization: `Bearer ${server.apiKey}` };
    const url = `${server.url}/api/orgs/current`;
    // Never benchmark a 401: the route must answer the benchmark organization first.
    const check = await fetch(url, { headers });
    const body = (await check.json()) as { slug?: string };
    if (check.status !== 200 || body.slug !== server.orgSlug)
      throw new Error(`${url} answered ${check.status} ${JSON.stringify(body)}; expected the ${server.orgSlug} organization`);
    rows.push(await measure('GET /api/orgs/current (Bearer key)', backend, url, server.pid, headers));
    // The same request path without the organization read: separates the platform's per-request
    // work from the database round trip.
    rows.push(await measure('GET /api/auth/me (Bearer key, no DB read)', backend, `${server.url}/api/auth/me`, server.pid, headers));
  } finally {
    await server.stop();
  }
}

// Reading aid computed from this run's figures, so the text never disagrees with the table.
for (const backend of backends) {
  const org = rows.find((r) => r.variant === backend && r.target.startsWith('GET /api/orgs/current'));
  const me = rows.find((r) => r.variant === backend && r.target.startsWith('GET /api/auth/me'));
  if (!org || !me) continue;
  const pathShare = Math.round((me.result.requestsPerSecond / baseline.result.requestsPerSecond) * 100);
  const perRequestMs = (1000 / org.result.requestsPerSecond - 1000 / me.result.requestsPerSecond).toFixed(3);
  notes.push(
    `${backend}: the authenticated request path without a database read keeps ${pathShare}% of the bare baseline's throughput; ` +
      `the one-row organization read takes it from ${me.result.requestsPerSecond.toLocaleString('en-US')} to ${org.result.requestsPerSecond.toLocaleString('en-US')} req/s ` +
      `(about ${perRequestMs} ms of server time per request at this concurrency${backend === 'pglite' ? '; PGlite runs every query one at a time inside the server process' : ''}).`,
  );
}

const out = values.out;
writeResultsMarkdown(out, {
  title: 'Platform: authenticated trivial route vs bare Fastify',
  command: `node bench/platform/auth-route.bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
  machine,
  settings: `${durationSeconds} s per target after a ${WARMUP_SECONDS} s warm-up, ${connections} connections, no pipelining`,
  intro: [
    'Each Tessera row is the production server (`node apps/server/src/main.ts`, every module enabled, LOG_LEVEL=warn, rate limits raised out of the way) on a fresh database, called with an owner API key of an organization made by the `tessera` CLI. ' +
      '`GET /api/orgs/current` is the cheapest authenticated route: it runs the whole request path (API-key verification with its cache, organization and role checks, the per-key rate limiter, security headers, correlation id, metrics) and reads one organization row. ' +
      '`GET /api/auth/me` with the same key walks the same path but answers from the cached principal without a database read, which separates the request-path cost from the database round trip. ' +
      'The baseline is a bare Fastify app answering `{"hello":"world"}`, so the ratio is the price of the platform per request.',
  ],
  rows,
  baseline,
  notes: [
    ...notes,
    `The load generator and the server share the machine's ${machine.nproc} cores, so absolute figures are a floor; the ratios are what to compare between runs. Peak RSS is the server process's VmHWM from /proc, start-up (migrations) included, and RSS after run its VmRSS when the run ended; server CPU is its user+system time during the measured run divided by wall time.`,
  ],
});
console.log(`wrote ${out}`);
