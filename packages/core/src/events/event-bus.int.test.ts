import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';

describe('event bus and jobs across server instances on one database', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await createTestApp();
    second = await createTestApp({ testDb: first.testDb });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('delivers an event published on one instance to subscribers on the other', async () => {
    const received = new Promise<unknown>((resolve) => second.platform.events.subscribe('test.ping', (p) => resolve(p)));
    await first.platform.events.publish('test.ping', { n: 1 });
    await expect(received).resolves.toEqual({ n: 1 });
  });

  it('sends an event published in a transaction only when it commits', async () => {
    const seen: unknown[] = [];
    second.platform.events.subscribe('test.tx', (p) => seen.push(p));
    await first.platform.database.db
      .transaction(async (tx) => {
        await first.platform.events.publishInTransaction(tx, 'test.tx', { v: 'rolled back' });
        throw new Error('abort');
      })
      .catch(() => undefined);
    await first.platform.database.db.transaction(async (tx) => {
      await first.platform.events.publishInTransaction(tx, 'test.tx', { v: 'committed' });
    });
    await expect.poll(() => seen.length).toBe(1);
    expect(seen).toEqual([{ v: 'committed' }]);
  });

  it('runs a background job with progress and records its result and failures', async () => {
    const org = await first.createOrg();
    first.platform.jobs.define<{ n: number }>('test.count', async (job) => {
      for (let i = 1; i <= job.payload.n; i++) await job.progress(i, job.payload.n);
      return { counted: job.payload.n };
    });
    first.platform.jobs.define('test.fail', async () => {
      throw new Error('bad input on line 3');
    });
    await first.platform.jobs.start();
    const ok = await first.platform.jobs.enqueue('test.count', org.orgId, { n: 5 });
    const done = await first.platform.jobs.waitFor(org.orgId, ok, 30_000);
    expect(done).toMatchObject({ state: 'succeeded', progressDone: 5, progressTotal: 5, result: { counted: 5 } });
    const bad = await first.platform.jobs.enqueue('test.fail', org.orgId, {});
    const failed = await first.platform.jobs.waitFor(org.orgId, bad, 30_000);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ message: 'bad input on line 3' });
    const viaApi = await first.app.inject({ method: 'GET', url: `/api/jobs/${ok}`, headers: { authorization: `Bearer ${org.ownerKey}` } });
    expect(viaApi.json()).toMatchObject({ state: 'succeeded', progressDone: 5 });
    const other = await first.createOrg();
    const foreign = await first.app.inject({ method: 'GET', url: `/api/jobs/${ok}`, headers: { authorization: `Bearer ${other.ownerKey}` } });
    expect(foreign.statusCode).toBe(404);
  });
});
