import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';

// A user's own credential is called directly (no configured route); its deadline must still be the
// caller's, not the gateway's two-minute default, or an agent with a 30 s budget waits 120 s.
describe('bring-your-own call deadline', () => {
  let t: TestApp;
  let upstream: Server;
  let baseUrl = '';
  const hanging: ServerResponse[] = [];

  beforeAll(async () => {
    upstream = createServer((_req, res) => {
      hanging.push(res); // never answers: the gateway has to give up on its own
    });
    await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
    t = await createTestApp({ moduleNames: ['gateway'] });
  });

  afterAll(async () => {
    for (const res of hanging) res.destroy();
    await new Promise<void>((done) => upstream.close(() => done()));
    await t.close();
  });

  it("gives up on a hanging provider at the caller's timeout", async () => {
    const org = await t.createOrg();
    const llm = t.platform.llm.get();
    if (!llm) throw new Error('the gateway registers the LLM port');
    const started = performance.now();
    const call = llm.chat({
      orgId: org.orgId,
      caller: { module: 'test', purpose: 'deadline' },
      model: 'slow-model',
      messages: [{ role: 'user', content: 'hello' }],
      credential: { provider: 'openai-compatible', apiKey: 'sk-test-deadline', baseUrl },
      timeoutMs: 300,
    });
    await expect(call).rejects.toThrow();
    // One attempt and one retry at 300 ms each, with a short backoff; far below the 120 s default.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(hanging.length).toBeGreaterThanOrEqual(1);
  });
});
