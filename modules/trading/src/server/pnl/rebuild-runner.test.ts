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
    const viaWorker = await runRebuild({ method: 'hifo', trades });
    const elapsed = performance.now() - started;
    clearInterval(timer);
    const inline = rebuild({ method: 'hifo', trades });
    expect(viaWorker.ok && inline.ok).toBe(true);
    if (!viaWorker.ok || !inline.ok) return;
    expect(viaWorker.realized).toBe(inline.realized);
    expect(viaWorker.positions).toEqual(inline.positions);
    // The main thread only posts 2,000-trade chunks; it keeps ticking throughout. The bound leaves
    // room for a garbage-collection pause of the test process (bench/trading measures the real gap).
    expect(ticks).toBeGreaterThan(elapsed / 5 / 4);
    expect(maxGap).toBeLessThan(100);
  });

  it('reports the first trade that cannot be booked', () => {
    const res = rebuild({ method: 'fifo', trades: [{ asset: 'X', side: 'sell', quantity: '1', price: '1', fee: '0', feeIn: 'quote', time: 1 }] });
    expect(res).toMatchObject({ ok: false, code: 'SELL_EXCEEDS_HOLDINGS', index: 0 });
  });
});
