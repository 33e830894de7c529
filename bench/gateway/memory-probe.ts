// Where the gateway's memory goes under load: `node bench/gateway/memory-probe.ts [--seconds N]
// [--variant "--flag ..."]...`. Starts the loopback mock upstream and Alfred as `npm start` runs it
// (MODULES=gateway, PostgreSQL), drives 50 connections, samples the server's RSS every 250 ms and
// splits its resident memory by mapping (node binary, glibc malloc arenas, V8 heap pages and
// other anonymous memory). Each --variant adds Node flags (and NAME=value environment settings,
// which win over npm start's) for an A/B run; variants alternate over
// --rounds rounds (default 2) so a drifting machine affects them alike. Prints a Markdown table.
import { readFileSync } from 'node:fs';
import { connectAlfredToMock } from './alfred-setup.ts';
import { currentRssKiB, freePort, peakRssKiB, runLoad, spawnServer, startTessera, type ChildServer } from '../lib/index.ts';

function arg(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === name && process.argv[i + 1] !== undefined) out.push(process.argv[i + 1] as string);
  });
  return out;
}
const SECONDS = Number(arg('--seconds')[0] ?? 10);
const ROUNDS = Number(arg('--rounds')[0] ?? 2);
const VARIANTS = ['', ...arg('--variant')];
const body = { model: 'mock/gpt-4o-mini', max_tokens: 64, messages: [{ role: 'user', content: 'What is the capital of France?' }] };

const ARENA_ALIGN = 64n * 1024n * 1024n;

interface Split {
  binary: number;
  mallocMain: number;
  mallocArenas: number;
  otherAnon: number;
}

/** Resident KiB per kind of mapping, from /proc/<pid>/smaps. */
function splitResident(pid: number): Split {
  const split: Split = { binary: 0, mallocMain: 0, mallocArenas: 0, otherAnon: 0 };
  let name = '';
  let start = 0n;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      name = head[3] ?? '';
      start = BigInt(`0x${head[1] as string}`);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (!rss) continue;
    const kib = Number(rss[1]);
    if (name.startsWith('/')) split.binary += kib;
    else if (name === '[heap]') split.mallocMain += kib;
    // glibc's secondary arenas start on a 64 MiB boundary; V8 maps its heap in 256 KiB pages.
    else if (name === '' && start % ARENA_ALIGN === 0n) split.mallocArenas += kib;
    else split.otherAnon += kib;
  }
  return split;
}

async function measure(mock: ChildServer, flags: string): Promise<string> {
  const words = flags.split(' ').filter(Boolean);
  const env = Object.fromEntries(words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
  const extraNodeFlags = words.filter((w) => w.startsWith('--'));
  const gw = await startTessera({ backend: 'postgres', modules: 'gateway', env, extraNodeFlags });
  try {
    await connectAlfredToMock(gw, mock.url);
    const idle = currentRssKiB(gw.pid) ?? 0;
    const load = {
      url: `${gw.url}/v1/chat/completions`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.apiKey}` },
      body,
    };
    await runLoad({ ...load, connections: 10, durationSeconds: 2 });
    const result = await runLoad({ ...load, connections: 50, durationSeconds: SECONDS, serverPid: gw.pid });
    const split = splitResident(gw.pid);
    const mib = (kib: number) => (kib / 1024).toFixed(1);
    const failed = result.errors + result.non2xx;
    // Server CPU per request moves less with the machine's load than req/s does.
    const cpuPerRequest = result.serverCpuCores === null ? 'n/a' : ((result.serverCpuCores * 1e6) / result.requestsPerSecond).toFixed(0);
    return `| ${flags || '(npm start flags)'} | ${Math.round(result.requestsPerSecond).toLocaleString('en-US')} | ${cpuPerRequest} | ${failed} | ${mib(idle)} | ${mib(peakRssKiB(gw.pid) ?? 0)} | ${mib(split.binary)} | ${mib(split.mallocMain)} | ${mib(split.mallocArenas)} | ${mib(split.otherAnon)} |`;
  } finally {
    await gw.stop();
  }
}

const mockPort = await freePort();
const mock = await spawnServer({
  name: 'mock upstream',
  args: [new URL('./mock-upstream.ts', import.meta.url).pathname, String(mockPort)],
  env: {},
  cwd: process.cwd(),
  url: `http://127.0.0.1:${mockPort}`,
  readyPath: '/readyz',
});
try {
  const rows: string[] = [];
  for (let round = 0; round < ROUNDS; round++) for (const v of VARIANTS) rows.push(await measure(mock, v));
  console.log(`${SECONDS} s at 50 connections, MODULES=gateway on PostgreSQL, ${ROUNDS} alternating rounds; MiB`);
  console.log(
    '| extra flags and environment | req/s | server CPU µs/request | failed | RSS idle | peak RSS | files (binary, libs) | malloc main | malloc arenas | V8 heap and other anon |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
} finally {
  await mock.stop();
}
