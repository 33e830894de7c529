import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@tessera/testkit';
import { migrate } from './migrator.ts';

describe('migrator', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('applies new migrations once, in order, and refuses a landed migration that changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(join(dir, '0001_first.sql'), 'create schema mig_test; create table mig_test.a (id int primary key);');
    writeFileSync(join(dir, '0002_second.sql'), 'insert into mig_test.a values (1);');
    const applied = await migrate(t.database, [{ owner: 'mig-test', dir }]);
    expect(applied.map((a) => a.name)).toEqual(['0001_first.sql', '0002_second.sql']);
    expect(await migrate(t.database, [{ owner: 'mig-test', dir }])).toEqual([]);
    writeFileSync(join(dir, '0002_second.sql'), 'insert into mig_test.a values (2);');
    await expect(migrate(t.database, [{ owner: 'mig-test', dir }])).rejects.toThrow(/changed after it was applied/);
  });

  it('rolls back a failing migration entirely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(join(dir, '0001_broken.sql'), 'create table public.half_done (id int); select * from no_such_table;');
    await expect(migrate(t.database, [{ owner: 'mig-broken', dir }])).rejects.toThrow(/0001_broken/);
    const rows = await t.database.query("select count(*)::int as n from information_schema.tables where table_name = 'half_done'");
    expect(rows[0]?.n).toBe(0);
  });
});
