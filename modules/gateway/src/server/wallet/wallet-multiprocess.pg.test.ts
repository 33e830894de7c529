import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testkit';
import { gatewayModule } from '../index.ts';
import { gatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts';

// Three operating-system processes, each a gateway server, on one PostgreSQL database and one wallet.
const SCRIPT = fileURLToPath(new URL('../testing/gateway-server-process.ts', import.meta.url));
const BUDGET = 5_000;
let f: GatewayFixture<TestApp>;
let walletId: string;
const servers: { child: ChildProcess; url: string }[] = [];

function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [SCRIPT], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const port = /LISTENING (\d+)/.exec(out)?.[1];
      if (port) resolve({ child, url: `http://127.0.0.1:${port}` });
    });
    child.once('exit', (code) => reject(new Error(`gateway process exited with ${code}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

beforeAll(async () => {
  f = await gatewayFixture(await createTestApp({ modules: [gatewayModule] }));
  const url = f.t.testDb.url;
  if (!url) throw new Error('this suite needs PostgreSQL (TEST_DATABASE_URL)');
  // A fixed answer size and some latency, so requests overlap across the processes.
  expect((await f.admin('POST', '/api/gateway/providers', { name: 'offline', kind: 'offline', config: { latencyMs: 30, completionTokens: 60 } })).status).toBe(
    201,
  );
  walletId = await f.wallet('org', undefined, BUDGET);
  const env = {
    PATH: process.env.PATH,
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '5',
    SECRET_KEYS: f.t.platform.config.secretKeys.join(','),
    LOG_LEVEL: 'warn',
    MODULES: 'gateway',
  };
  servers.push(...(await Promise.all([startServer(env), startServer(env), startServer(env)])));
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => stopServer(s.child)));
  await f.t.close();
});

describe('one wallet, three gateway server processes on PostgreSQL', () => {
  it('never overshoots the budget by more than one request maximum cost, charges each answered call once, and balances the ledger', async () => {
    const payload = JSON.stringify({ model: 'tessera-offline', max_tokens: 100, messages: [{ role: 'user', content: 'multi-process probe' }] });
    const headers = { ...f.auth(), 'content-type': 'application/json' };
    const dry = await fetch(`${servers[0]!.url}/v1/chat/completions/dry-run`, { method: 'POST', headers, body: payload });
    const maxCost = ((await dry.json()) as { maxCostMicros: number }).maxCostMicros;
    expect(maxCost).toBeGreaterThan(0);
    const results = await Promise.all(
      Array.from({ length: 90 }, (_, i) => fetch(`${servers[i % 3]!.url}/v1/chat/completions`, { method: 'POST', headers, body: payload })),
    );
    const statuses = results.map((r) => r.status);
    const ok = statuses.filter((s) => s === 200).length;
    const refused = statuses.filter((s) => s === 402).length;
    expect(ok + refused).toBe(90);
    expect(ok).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    // Every process answered its third of the calls (which of them got budget is a race, on purpose).
    for (let p = 0; p < 3; p++) expect(statuses.filter((s, i) => i % 3 === p && (s === 200 || s === 402)).length).toBe(30);
    // Closing flushes each process's settlements and hands its unused budget back.
    await Promise.all(servers.map((s) => stopServer(s.child)));
    const wallet = await f.admin('GET', `/api/gateway/wallets/${walletId}`);
    const balance = Number(wallet.body.balance_micros);
    expect(balance).toBeGreaterThanOrEqual(-maxCost);
    expect(wallet.body.reserved_micros).toBe('0');
    expect(wallet.body.ledgerSumMicros).toBe(wallet.body.balance_micros);
    const charges = await f.t.platform.database.query<{ n: string; total: string }>(
      "select count(*)::text as n, coalesce(-sum(amount_micros), 0)::text as total from gateway.wallet_ledger where wallet_id = $1 and kind = 'charge'",
      [walletId],
    );
    expect(Number(charges[0]?.n)).toBe(ok);
    expect(Number(charges[0]?.total)).toBe(BUDGET - balance);
    const logged = await f.t.platform.database.query<{ n: string }>('select count(*)::text as n from gateway.request_logs where status = 200 and org_id = $1', [
      f.org.orgId,
    ]);
    expect(Number(logged[0]?.n)).toBe(ok);
  });
});
