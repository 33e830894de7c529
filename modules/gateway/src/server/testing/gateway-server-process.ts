/**
 * One gateway server process for multi-process tests: the platform and the gateway module on the
 * database in DATABASE_URL (already migrated), listening on a free loopback port that it prints as
 * `LISTENING <port>`. SIGTERM closes it cleanly, which flushes settlements and returns held budget.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp, createPlatform, loadConfig } from '@tessera/core';
import { gatewayModule } from '../index.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tessera-gw-proc-'));
const config = loadConfig(process.env, [], { dataDir, webDistDir: join(dataDir, 'no-web'), gitSha: 'test', seedDemo: false });
const platform = await createPlatform(config);
const app = await createApp(platform, [gatewayModule]);
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`LISTENING ${(app.server.address() as AddressInfo).port}\n`);
process.once('SIGTERM', () => {
  void (async () => {
    await app.close();
    await platform.close();
    process.exit(0);
  })();
});
