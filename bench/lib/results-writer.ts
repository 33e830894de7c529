import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LoadResult } from './load-runner.ts';
import { round } from './load-runner.ts';
import { busyMachineWarning, currentLoad, type MachineInfo } from './machine-info.ts';

export interface ResultRow {
  /** What was measured, e.g. "GET /api/orgs/current (Bearer key)". */
  target: string;
  /** Backend or variant, e.g. "pglite", "postgres", "baseline". */
  variant: string;
  result: LoadResult;
}

export interface ResultsDocument {
  title: string;
  /** The command that reproduces the run. */
  command: string;
  machine: MachineInfo;
  /** Load settings shared by every row, e.g. "10 s per target, 50 connections". */
  settings: string;
  /** Paragraphs placed before the table (what is compared and why). */
  intro?: string[];
  rows: ResultRow[];
  /** The row every ratio is computed against, measured in the same run. */
  baseline: ResultRow;
  /** Paragraphs after the table (reading the figures, caveats). */
  notes?: string[];
}

function fmt(n: number | null, suffix = ''): string {
  return n === null ? 'n/a' : `${n.toLocaleString('en-US')}${suffix}`;
}

/** Throughput ratio to the baseline (0.25 means a quarter of the baseline's requests per second). */
export function throughputRatio(row: LoadResult, baseline: LoadResult): number {
  return baseline.requestsPerSecond > 0 ? round(row.requestsPerSecond / baseline.requestsPerSecond, 3) : 0;
}

export function renderResultsTable(rows: readonly ResultRow[], baseline: ResultRow): string {
  const head = [
    '| Target | Variant | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx | server RSS after run | server peak RSS | server CPU (cores) | req/s vs baseline | p99 vs baseline |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const b = baseline.result;
  const lines = rows.map((r) => {
    const x = r.result;
    const p99 = b.latencyMs.p99 > 0 ? `${round(x.latencyMs.p99 / b.latencyMs.p99, 2)}x` : 'n/a';
    return `| ${r.target} | ${r.variant} | ${fmt(x.requestsPerSecond)} | ${x.latencyMs.p50} | ${x.latencyMs.p95} | ${x.latencyMs.p99} | ${x.errors} | ${x.non2xx} | ${fmt(x.serverRssMiB, ' MiB')} | ${fmt(x.serverPeakRssMiB, ' MiB')} | ${fmt(x.serverCpuCores)} | ${throughputRatio(x, b)} | ${p99} |`;
  });
  return [...head, ...lines].join('\n');
}

export function renderResultsMarkdown(doc: ResultsDocument): string {
  const m = doc.machine;
  const endLoad = currentLoad();
  const warning = busyMachineWarning(m, endLoad);
  return [
    `# ${doc.title}`,
    '',
    ...(doc.intro?.flatMap((p) => [p, '']) ?? []),
    `- Date: ${m.date}`,
    `- Command: \`${doc.command}\``,
    `- Machine: \`${m.uname}\``,
    `- CPU: ${m.nproc} × ${m.cpuModel}; memory ${m.memoryGiB} GiB; Node ${m.node}`,
    `- Load: ${doc.settings}; autocannon in the benchmark process, each server in its own process, all on 127.0.0.1`,
    `- Machine load average (1/5/15 min): ${m.loadAverage.join(' / ')} at the start, ${endLoad.join(' / ')} at the end`,
    '',
    ...(warning ? [warning, ''] : []),
    renderResultsTable(doc.rows, doc.baseline),
    '',
    `Ratios compare each row with **${doc.baseline.target} (${doc.baseline.variant})**, measured in the same run.`,
    '',
    ...(doc.notes?.flatMap((p) => [p, '']) ?? []),
  ].join('\n');
}

export function writeResultsMarkdown(path: string, doc: ResultsDocument): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderResultsMarkdown(doc));
}

/** One line for the console while a benchmark runs. */
export function summaryLine(row: ResultRow): string {
  const x = row.result;
  return `${row.target} [${row.variant}]: ${fmt(x.requestsPerSecond)} req/s, p50 ${x.latencyMs.p50} ms, p95 ${x.latencyMs.p95} ms, p99 ${x.latencyMs.p99} ms, errors ${x.errors}, non-2xx ${x.non2xx}, peak RSS ${fmt(x.serverPeakRssMiB, ' MiB')}`;
}
