import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface ChildServer {
  pid: number;
  url: string;
  /** The last output of the child, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  url: string;
  readyPath: string;
  readyTimeoutMs?: number;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a Node child (same Node binary as the benchmark) and waits until `readyPath` answers 200.
 * The child gets its own process so it never shares an event loop or a CPU budget line with the
 * load generator, and so its memory can be read from /proc.
 */
export async function spawnServer(options: SpawnOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, options.args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-16_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Set from the exit event; an object so the readiness loop re-reads it after each await.
  const state: { exited: number | null } = { exited: null };
  child.once('exit', (code, signal) => {
    state.exited = code ?? (signal ? 128 : 1);
  });
  if (!child.pid) throw new Error(`${options.name}: could not spawn ${process.execPath}`);

  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (state.exited !== null) throw new Error(`${options.name} exited with ${state.exited} before it was ready:\n${tail}`);
    try {
      const res = await fetch(`${options.url}${options.readyPath}`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`${options.name} was not ready at ${options.url}${options.readyPath} within ${options.readyTimeoutMs ?? 90_000} ms:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { pid: child.pid, url: options.url, output: () => tail, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await done;
  clearTimeout(timer);
}
