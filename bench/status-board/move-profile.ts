/**
 * Where a move's time goes on PostgreSQL, sequentially (no contention): the whole move_card
 * statement against its parts' floor (a bare round trip, the card JSON alone).
 *   DATABASE_URL=postgres://… node bench/status-board/move-profile.ts
 */
import pg from 'pg';
import pino from 'pino';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coreMigrationsDir, createOrganization, createPlatform, loadConfig, migrate } from '@tessera/core';
import { createStatusBoardModule } from '../../modules/status-board/src/server/index.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL');
const name = `sb_prof_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`create database ${name}`);
const u = new URL(url);
u.pathname = `/${name}`;
try {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-prof-'));
  const config = loadConfig({}, [], { dataDir, databaseUrl: u.toString(), seedDemo: false, logLevel: 'warn', webDistDir: join(dataDir, 'x') });
  const platform = await createPlatform(config, { logger: pino({ level: 'warn' }), processMetrics: false });
  const mod = createStatusBoardModule();
  await migrate(platform.database, [
    { owner: 'core', dir: coreMigrationsDir },
    { owner: mod.name, dir: mod.migrationsDir },
  ]);
  const org = await createOrganization(platform.database.db, `prof-${Date.now().toString(36)}`, 'Prof', { type: 'system', id: 'prof' });
  const q = platform.database.query.bind(platform.database);
  const [c] = await q<{ id: string }>(`insert into status_board.customers (org_id, name) values ($1, 'C') returning id`, [org.id]);
  const [a] = await q<{ id: string }>(
    `insert into status_board.appointments (org_id, date, customer_id, status, sort_key) values ($1, '2025-09-20', $2, 'checked_in', 'V') returning id`,
    [org.id, c!.id],
  );
  const N = 1000;
  const time = async (label: string, fn: (i: number) => Promise<unknown>) => {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await fn(i);
    console.log(`${label}: ${((performance.now() - t0) / N).toFixed(3)} ms per call`);
  };
  let version = 1;
  await time('select 1', () => q('select 1'));
  await time('card_json', () => q('select status_board.card_json($1, $2)', [org.id, a!.id]));
  await time('move_card', async (i) => {
    const to = i % 2 === 0 ? 'in_progress' : 'checked_in';
    const [r] = await q<{ outcome: string }>(
      `select outcome from status_board.move_card($1, $2, $3, null, null, $4, $5::text[], '{}'::text[], null, 50, 'system', 'prof', null, null, null)`,
      [org.id, a!.id, to, version, '{checked_in,in_progress}'],
    );
    if (r!.outcome !== 'moved') throw new Error(r!.outcome);
    version++;
  });
  // The commit's share: the same move without waiting for the WAL flush (measurement only).
  await platform.database.withConnection(async (run) => {
    await run('set synchronous_commit = off');
    await time('move_card, synchronous_commit off', async (i) => {
      const to = i % 2 === 0 ? 'in_progress' : 'checked_in';
      await run(
        `select outcome from status_board.move_card($1, $2, $3, null, null, $4, $5::text[], '{}'::text[], null, 50, 'system', 'prof', null, null, null)`,
        [org.id, a!.id, to, version, '{checked_in,in_progress}'],
      );
      version++;
    });
    await time('select 1 on one connection', () => run('select 1', []));
  });
  await platform.close();
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
