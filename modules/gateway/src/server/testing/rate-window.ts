import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Rate limits count in fixed one-minute windows: a test that fills a window and expects the next
 * call refused would pass its refusal into a fresh window if a minute began mid-test. Called first,
 * this waits out the last 3 seconds of a minute so such a test runs inside one window.
 */
export async function awayFromMinuteBoundary(): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > 57_000) await sleep(60_000 - into + 50);
}
