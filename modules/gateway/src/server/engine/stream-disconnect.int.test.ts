import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';
import { GOOD_KEY, startFakeProvider, type FakeProvider } from '../testing/fake-provider-server.ts';

let f: GatewayFixture<TestApp>;
let slow: FakeProvider;
let walletId: string;
let upstreamClosed: Promise<void>;

beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  await f.t.app.listen({ port: 0, host: '127.0.0.1' });
  slow = await startFakeProvider('openai');
  // A long answer, one chunk every 20 ms; resolves when the gateway hangs up on it.
  upstreamClosed = new Promise((resolve) => {
    slow.intercept = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      const timer = setInterval(() => {
        const chunk = {
          id: 'c1',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'm',
          choices: [{ index: 0, delta: { content: `word${n++} ` }, finish_reason: null }],
        };
        res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      }, 20);
      res.on('close', () => {
        clearInterval(timer);
        resolve();
      });
      return true;
    };
  });
  await f.admin('POST', '/api/gateway/providers', { name: 'slow', kind: 'openai', baseUrl: slow.url, apiKey: GOOD_KEY });
  walletId = await f.wallet('org', undefined, 10_000_000);
});
afterAll(async () => {
  await f.t.close();
  await slow.close();
});

describe('a client that goes away in the middle of a stream', () => {
  it('cancels the upstream call, releases the hold and bills what was streamed, logged as aborted', async () => {
    const port = (f.t.app.server.address() as AddressInfo).port;
    const body = JSON.stringify({ model: 'slow/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'talk for a long time' }] });
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/v1/chat/completions', method: 'POST', headers: { ...f.auth(), 'content-type': 'application/json' } },
        (res) => {
          expect(res.statusCode).toBe(200);
          let seen = 0;
          res.on('data', () => {
            // Hang up after a few chunks.
            if (++seen === 3) {
              req.destroy();
              resolve();
            }
          });
        },
      );
      req.on('error', (err) => {
        if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
      });
      req.end(body);
    });
    const closed = await Promise.race([upstreamClosed.then(() => true), new Promise((r) => setTimeout(() => r(false), 2000))]);
    expect(closed).toBe(true);
    // Settled in the next flush: the row, a charge for the streamed part, nothing left held.
    let row: { status: number; error_code: string; completion_tokens: number; cost_micros: string } | undefined;
    for (let i = 0; i < 20 && !row; i++) {
      const rows = (await f.admin('GET', '/api/gateway/requests?limit=1')).body as unknown as (typeof row)[];
      row = rows[0];
      if (!row) await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toMatchObject({ status: 502, error_code: 'GATEWAY_STREAM_ABORTED' });
    expect(row?.completion_tokens).toBeGreaterThan(0);
    const wallet = await f.admin('GET', `/api/gateway/wallets/${walletId}`);
    expect(wallet.body.reserved_micros).toBe('0');
    expect(Number(wallet.body.balance_micros)).toBe(10_000_000 - Number(row?.cost_micros));
    expect(wallet.body.ledgerSumMicros).toBe(wallet.body.balance_micros);
  });
});
