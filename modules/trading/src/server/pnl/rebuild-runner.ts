import { Worker } from 'node:worker_threads';
import type { RebuildRequest, RebuildResponse } from './rebuild-worker.ts';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { rebuild, type WorkerMessage } from './rebuild-worker.ts';

const CHUNK = 2_000;

/** Histories at or below this many trades rebuild inline (well under a millisecond per 1k trades). */
export const INLINE_REBUILD_LIMIT = 5_000;

/**
 * Rebuilds a position book from its full history. Big histories go to a worker thread so the
 * event loop keeps answering other requests; a worker is started per rebuild (rebuilds are rare:
 * back-dated trades, imports, method changes).
 */
export async function runRebuild(req: RebuildRequest): Promise<RebuildResponse> {
  if (req.trades.length <= INLINE_REBUILD_LIMIT) return rebuild(req);
  const worker = new Worker(new URL('./rebuild-worker.ts', import.meta.url));
  try {
    const done = new Promise<RebuildResponse>((resolve, reject) => {
      worker.once('message', (m: RebuildResponse) => resolve(m));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`rebuild worker exited with ${code}`)));
    });
    for (let i = 0; i < req.trades.length; i += CHUNK) {
      worker.postMessage({ kind: 'chunk', trades: req.trades.slice(i, i + CHUNK) } satisfies WorkerMessage);
      await yieldToLoop();
    }
    worker.postMessage({ kind: 'run', method: req.method } satisfies WorkerMessage);
    return await done;
  } finally {
    await worker.terminate();
  }
}
