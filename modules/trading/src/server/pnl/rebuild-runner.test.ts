import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { generateHistory } from './history-generator.ts';
import { rebuild } from './rebuild-worker.ts';
import { runRebuild } from './rebuild-runner.ts';

describe('full rebuilds', () => {
  it('a big rebuild runs on a worker thread: same result as inline, and the event loop stays responsive', async () => {
    const trades = generateHistory({ seed: 3, trades: 60_000, assets: 50, sellFees: true });
    let maxGap = 0;
    let ticks = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 5);
    const started = performance.now();
    const elu0 = performance.eventLoopUtilization();
    const viaWorker = await runRebuild({ method: 'hifo', trades });
    const elapsed = performance.now() - started;
    const elu = performance.eventLoopUtilization(elu0);
    clearInterval(timer);
    const inline = rebuild({ method: 'hifo', trades });
    expect(viaWorker.ok && inline.ok).toBe(true);
    if (!viaWorker.ok || !inline.ok) return;
    expect(viaWorker.realized).toBe(inline.realized);
    expect(viaWorker.positions).toEqual(inline.positions);
    // The main thread only posts 2,000-trade chunks and then waits: it is idle most of the rebuild
    // (event-loop utilisation, which counts only this thread's busy time, so CPU contention from
    // other test files cannot fake a pass or a failure) and keeps ticking. The longest gap under an
    // idle machine is measured by bench/trading/pnl.bench.ts.
    expect(elu.utilization, `max gap ${maxGap.toFixed(1)} ms`).toBeLessThan(0.5);
    expect(ticks).toBeGreaterThan(elapsed / 5 / 10);
  });

  it('reports the first trade that cannot be booked', () => {
    const res = rebuild({ method: 'fifo', trades: [{ asset: 'X', side: 'sell', quantity: '1', price: '1', fee: '0', feeIn: 'quote', time: 1 }] });
    expect(res).toMatchObject({ ok: false, code: 'SELL_EXCEEDS_HOLDINGS', index: 0 });
  });
});
