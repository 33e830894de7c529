import type { App, Platform } from '@tessera/core';
import { DEFAULT_MATCH, runPaperMarket, type PaperMatchOptions } from './paper-matcher.ts';

export interface PaperSchedule {
  /** How often each server process runs the paper market (several processes are safe); 0: never. */
  intervalMs: number;
  match?: Partial<PaperMatchOptions>;
}

/**
 * Runs the paper market on a timer while the server listens: resting orders fill without anyone
 * pressing a button. Runs never overlap within a process; across processes the order row locks
 * and `matched_through` keep fills exactly-once.
 */
export function schedulePaperMarket(app: App, platform: Platform, schedule: PaperSchedule): void {
  if (schedule.intervalMs <= 0) return;
  const opts = { ...DEFAULT_MATCH, ...schedule.match };
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = runPaperMarket(platform, new Date(), opts)
      .then((r) => {
        if (r.candles || r.fills) platform.log.info(r, 'paper market advanced');
      })
      .catch((err: unknown) => platform.log.warn({ err: err instanceof Error ? err.message : 'unknown' }, 'paper market run failed'))
      .finally(() => {
        running = null;
      });
  };
  // Started when the server listens: an app only driven by inject() (most tests, the CLI) never
  // changes prices or fills orders behind the caller's back.
  app.addHook('onListen', async () => {
    if (timer) return;
    timer = setInterval(tick, schedule.intervalMs);
    timer.unref();
  });
  app.addHook('preClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}
