import autocannon from 'autocannon';
import { cpuSeconds, currentRssKiB, peakRssKiB } from './process-stats.ts';

export interface LoadOptions {
  /** Full URL on 127.0.0.1 (the harness refuses anything else). */
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: unknown;
  connections: number;
  durationSeconds: number;
  /** Stop after this many requests even if the duration has not passed. */
  maxRequests?: number;
  /** Server process to measure (peak RSS, CPU). */
  serverPid?: number;
}

export interface LoadResult {
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** Connection errors and timeouts. */
  errors: number;
  /** Responses outside 2xx, by status. */
  non2xx: number;
  statusCounts: Record<string, number>;
  /** Peak resident memory of the server process since it started, MiB. */
  serverPeakRssMiB: number | null;
  /** Resident memory of the server process when the run ended, MiB. */
  serverRssMiB: number | null;
  /** Server CPU use during the run: 1.0 is one core busy the whole time. */
  serverCpuCores: number | null;
}

const HARD_CAP_SECONDS = 120;
const HARD_CAP_REQUESTS = 5_000_000;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? 0;
}

/**
 * One bounded autocannon run. Latency percentiles are exact (every response time is kept), since
 * autocannon's own summary has no p95.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  if (target.hostname !== '127.0.0.1') throw new Error(`benchmarks target 127.0.0.1 only, not ${target.hostname}`);
  const duration = Math.min(options.durationSeconds, HARD_CAP_SECONDS);
  // autocannon lets `amount` override `duration`, so it is passed only when the caller asks for it.
  const amount = options.maxRequests === undefined ? undefined : Math.min(options.maxRequests, HARD_CAP_REQUESTS);
  const sampleCap = amount ?? HARD_CAP_REQUESTS;

  const samples: number[] = [];
  const statusCounts: Record<string, number> = {};
  const cpuBefore = options.serverPid ? cpuSeconds(options.serverPid) : null;
  const started = process.hrtime.bigint();

  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers };
  const instance = autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers,
    ...(body !== undefined ? { body } : {}),
    connections: options.connections,
    duration,
    ...(amount !== undefined ? { amount } : {}),
    timeout: 10,
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (samples.length < sampleCap) samples.push(responseTime);
    const key = String(statusCode);
    statusCounts[key] = (statusCounts[key] ?? 0) + 1;
  });
  // amount and duration bound the run; stopping at duration + 30 s guards against a stuck server.
  const guard = setTimeout(() => instance.stop(), (duration + 30) * 1000);
  const result = await instance;
  clearTimeout(guard);

  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = options.serverPid ? cpuSeconds(options.serverPid) : null;
  const sorted = Float64Array.from(samples).sort();
  const requests = result.requests.total;
  const seconds = result.duration || elapsed;
  let sum = 0;
  for (const s of sorted) sum += s;
  return {
    requests,
    durationSeconds: round(seconds, 2),
    requestsPerSecond: round(requests / seconds, 0),
    latencyMs: {
      p50: round(percentile(sorted, 50), 2),
      p95: round(percentile(sorted, 95), 2),
      p99: round(percentile(sorted, 99), 2),
      max: round(sorted[sorted.length - 1] ?? 0, 2),
      mean: round(sorted.length ? sum / sorted.length : 0, 2),
    },
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statusCounts,
    serverPeakRssMiB: options.serverPid ? mib(peakRssKiB(options.serverPid)) : null,
    serverRssMiB: options.serverPid ? mib(currentRssKiB(options.serverPid)) : null,
    serverCpuCores: cpuBefore !== null && cpuAfter !== null ? round((cpuAfter - cpuBefore) / elapsed, 2) : null,
  };
}

function mib(kib: number | null): number | null {
  return kib === null ? null : round(kib / 1024, 1);
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
