import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { rows } from '../db/sql-rows.ts';
import { bookkeepingModule } from '../index.ts';

const corpus = resolve(import.meta.dirname, '../../../../..', '../shared/corpus/bank');
let t: TestApp;
let org: TestOrg;
const out: string[] = [];
const err: string[] = [];
const progress: { label: string; done: number; total: number | null }[] = [];
const io = {
  out: (l: string) => out.push(l),
  err: (l: string) => err.push(l),
  progress: (label: string, done: number, total: number | null) => progress.push({ label, done, total }),
};
const cmd = (name: string) => bookkeepingModule.cli!.find((c) => c.name === name)!;

beforeAll(async () => {
  t = await createTestApp({ modules: [bookkeepingModule] });
  org = await t.createOrg('demo-practice');
});
afterAll(async () => t.close());

describe('demo seed', () => {
  it('builds five companies from the simulation in a few seconds and teaches the model', async () => {
    const started = Date.now();
    const user = await t.createUser([{ orgId: org.orgId, role: 'owner' }]);
    await bookkeepingModule.seedDemo!({ platform: t.platform, orgId: org.orgId, orgSlug: org.slug, userId: user.userId });
    const seconds = (Date.now() - started) / 1000;
    const [c] = await rows<{ n: number; auto: number; review: number }>(
      t.platform.database.db,
      sql`select count(*)::int as n, count(*) filter (where review_outcome = 'auto')::int as auto, count(*) filter (where status = 'review')::int as review from bookkeeping.bank_lines where org_id = ${org.orgId}`,
    );
    expect((await rows(t.platform.database.db, sql`select 1 from bookkeeping.companies where org_id = ${org.orgId}`)).length).toBe(5);
    expect(c!.n).toBeGreaterThan(300);
    expect(c!.auto).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(30);
  });
});

describe('CLI', () => {
  it('imports files with a progress bar, reports a bad file by line and lands the rest', async () => {
    const files = [join(corpus, 'beangulp-statement.csv'), join(corpus, 'beangulp-example.qfx'), join(corpus, 'hledger-stripe.csv')];
    const code = await cmd('bookkeeping import').run(['--org', org.slug, '--company', 'cincy-web', ...files], t.platform, io);
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(/beangulp-statement.csv: completed, 6 added/);
    expect(out.join('\n')).toMatch(/hledger-stripe.csv: completed, 2 added/);
    expect(err.join('\n')).toMatch(/beangulp-example.qfx, line 1: .*investment/);
    // the bar has a total (the file's line count), so it can show a percentage; it ends at 100%
    const stripe = progress.filter((p) => p.label === 'hledger-stripe.csv lines');
    expect(stripe.length).toBeGreaterThan(0);
    expect(stripe.at(-1)).toMatchObject({ done: 2, total: 2 });
    expect(stripe.every((p) => p.total !== null && p.total >= p.done)).toBe(true);
    out.length = 0;
    expect(await cmd('bookkeeping import').run(['--org', org.slug, '--company', 'cincy-web', files[0]!], t.platform, io)).toBe(0);
    expect(out[0]).toMatch(/duplicate, 0 added/);
  });

  it('simulates five company CSVs and evaluates as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bk-sim-'));
    expect(await cmd('bookkeeping simulate').run(['--out', dir, '--seed', '42'], t.platform, io)).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.csv') && !f.includes('labels'))).toHaveLength(5);
    expect(readFileSync(join(dir, 'hamilton-coffee.csv'), 'utf8').split('\n')[0]).toBe('Date,Description,Amount,Balance');
    out.length = 0;
    expect(await cmd('bookkeeping evaluate').run(['--json', '--company', 'cincy-web'], t.platform, io)).toBe(0);
    const e = JSON.parse(out.join('\n')) as { automatedShare: number; precision: number; companies: Record<string, unknown> };
    expect(Object.keys(e.companies)).toEqual(['cincy-web']);
    expect(e.automatedShare).toBeGreaterThan(0.5);
  });
});
