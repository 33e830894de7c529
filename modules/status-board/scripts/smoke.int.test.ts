import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '@tessera/testkit';
import { createStatusBoardModule } from '../src/server/index.ts';
import { newShop, type Shop } from '../src/server/testing/board-fixture.ts';

const run = promisify(execFile);
let shop: Shop;
let base: string;
beforeAll(async () => {
  shop = await newShop(await createTestApp({ modules: [createStatusBoardModule()] }));
  await shop.t.app.listen({ port: 0, host: '127.0.0.1' });
  const a = shop.t.app.server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(async () => {
  await shop.t.close();
});

const script = new URL('./smoke.ts', import.meta.url).pathname;

describe('smoke script', () => {
  it('passes against a running server and exits 0', async () => {
    const { stdout } = await run(process.execPath, [script, base, shop.org.ownerKey]);
    expect(stdout).toContain('smoke: all steps passed');
    expect(stdout).not.toContain('FAIL');
  });

  it('exits non-zero with a wrong key', async () => {
    const err = await run(process.execPath, [script, base, 'tsk_wrong']).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stdout).toContain('FAIL');
  });
});
