import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { bookkeepingModule } from '../index.ts';
import { importBankFile } from './import-service.ts';

const repoRoot = resolve(import.meta.dirname, '../../../../..');
const corpus = resolve(repoRoot, '../shared/corpus/bank');

let t: TestApp;
let org: TestOrg;
let bank: string;

async function upload(body: string | Buffer, fileName: string, extra = '') {
  return t.app.inject({
    method: 'POST',
    url: `/api/bookkeeping/companies/acme/imports?bankAccountId=${bank}&fileName=${encodeURIComponent(fileName)}&wait=true${extra}`,
    headers: { ...bearer(org.ownerKey), 'content-type': 'text/csv' },
    payload: body,
  });
}

async function lineCount(): Promise<number> {
  const res = await t.app.inject({ method: 'GET', url: '/api/bookkeeping/companies/acme/lines?limit=1', headers: bearer(org.ownerKey) });
  return res.json<{ total: number }>().total;
}

beforeAll(async () => {
  t = await createTestApp({ modules: [bookkeepingModule] });
  org = await t.createOrg();
  const c = await t.app.inject({
    method: 'POST',
    url: '/api/bookkeeping/companies',
    headers: bearer(org.ownerKey),
    payload: { slug: 'acme', name: 'Acme Coffee', industry: 'coffee_shop' },
  });
  expect(c.statusCode).toBe(201);
  const accounts = (await t.app.inject({ method: 'GET', url: '/api/bookkeeping/companies/acme/accounts', headers: bearer(org.ownerKey) })).json<
    {
      id: string;
      code: string;
    }[]
  >();
  bank = accounts.find((a) => a.code === '1000')!.id;
});
afterAll(async () => t.close());

describe('re-importing is idempotent and keeps genuine duplicates', () => {
  const day1 = 'Date,Description,Amount\n2025-03-01,COFFEE SHOP,-3.50\n2025-03-01,COFFEE SHOP,-3.50\n2025-03-02,RENT,-1000.00\n';
  it('keeps two identical coffees on one day as two lines', async () => {
    const res = await upload(day1, 'march-a.csv');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'completed', linesAdded: 3, linesSkipped: 0 });
    expect(await lineCount()).toBe(3);
  });
  it('adds nothing when the same file comes again', async () => {
    const res = await upload(day1, 'march-a-again.csv');
    expect(res.json()).toMatchObject({ status: 'duplicate', linesAdded: 0 });
    expect(await lineCount()).toBe(3);
  });
  it('adds only the new lines of an overlapping statement, including a third coffee', async () => {
    const overlap =
      'Date,Description,Amount\n2025-03-01,Coffee  Shop,-3.50\n2025-03-01,COFFEE SHOP,-3.50\n2025-03-01,COFFEE SHOP,-3.50\n2025-03-02,RENT,-1000.00\n2025-03-03,BAKERY,-12.00\n';
    const res = await upload(overlap, 'march-b.csv');
    expect(res.json()).toMatchObject({ status: 'completed', linesAdded: 2, linesSkipped: 3 });
    expect(await lineCount()).toBe(5);
  });
});

describe('a bad file lands nothing and names file and line; the others still land', () => {
  it('rolls back a file with an impossible date and keeps the good one', async () => {
    const before = await lineCount();
    const bad = await upload('Date,Description,Amount\n2025-04-01,GOOD LINE,-1.00\n2025-04-31,BAD DATE,-2.00\n', 'bad.csv');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('BOOKKEEPING_IMPORT_INVALID');
    expect(bad.json().error.details).toMatchObject({ file: 'bad.csv', line: 3 });
    expect(bad.json().error.message).toContain('bad.csv, line 3');
    expect(await lineCount()).toBe(before);
    const good = await upload('Date,Description,Amount\n2025-04-02,GOOD,-5.00\n', 'good.csv');
    expect(good.json().linesAdded).toBe(1);
    const history = (await t.app.inject({ method: 'GET', url: '/api/bookkeeping/companies/acme/imports', headers: bearer(org.ownerKey) })).json<
      {
        fileName: string;
        status: string;
        errors: unknown[];
      }[]
    >();
    expect(history.find((h) => h.fileName === 'bad.csv')).toMatchObject({ status: 'failed', errors: [{ line: 3 }] });
  });
  it('refuses an unparseable amount and a foreign bank account id', async () => {
    const res = await upload('Date,Description,Amount\n2025-04-03,X,1O.00\n', 'amt.csv');
    expect(res.statusCode).toBe(422);
    const foreign = await t.app.inject({
      method: 'POST',
      url: `/api/bookkeeping/companies/acme/imports?bankAccountId=00000000-0000-4000-8000-000000000000&fileName=x.csv&wait=true`,
      headers: { ...bearer(org.ownerKey), 'content-type': 'text/csv' },
      payload: 'Date,Description,Amount\n2025-04-03,X,1.00\n',
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().error).toMatchObject({ code: 'BOOKKEEPING_ACCOUNT_UNKNOWN', details: { file: 'x.csv', line: null } });
    expect(foreign.json().error.message).toMatch(/^x\.csv: bank account 00000000-0000-4000-8000-000000000000 is not an account of acme/);
    expect(res.json().error).toMatchObject({ code: 'BOOKKEEPING_IMPORT_INVALID', details: { file: 'amt.csv', line: 2 } });
  });

  it('refuses a category account as the target of a bank file, naming the file', async () => {
    const accounts = (await t.app.inject({ method: 'GET', url: '/api/bookkeeping/companies/acme/accounts', headers: bearer(org.ownerKey) })).json<
      { id: string; kind: string }[]
    >();
    const category = accounts.find((a) => a.kind === 'other')!.id;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/bookkeeping/companies/acme/imports?bankAccountId=${category}&fileName=wrong-account.csv&wait=true`,
      headers: { ...bearer(org.ownerKey), 'content-type': 'text/csv' },
      payload: 'Date,Description,Amount\n2025-04-03,X,1.00\n',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'BOOKKEEPING_NOT_A_BANK_ACCOUNT', details: { file: 'wrong-account.csv' } });
    expect(res.json().error.message).toMatch(/^wrong-account\.csv: /);
  });

  it('a crash in the middle of a file leaves nothing of it behind, and the same file imports cleanly afterwards', async () => {
    const before = await lineCount();
    const body = ['Date,Description,Amount'];
    for (let i = 0; i < 9_000; i++) body.push(`2025-07-${String(1 + (i % 28)).padStart(2, '0')},CRASH TEST ${i},-${1 + (i % 40)}.00`);
    const bytes = Buffer.from(`${body.join('\n')}\n`);
    const request = (crashAt: number | null) => ({
      orgId: org.orgId,
      company: 'acme',
      bankAccountId: bank,
      fileName: 'crash.csv',
      // the disk (or the upload) fails after some batches were already stored in the transaction
      open: async function* () {
        for (let i = 0; i < bytes.length; i += 32 * 1024) {
          if (crashAt !== null && i >= crashAt) throw new Error('read failed: device gone');
          yield bytes.subarray(i, i + 32 * 1024);
        }
      },
      userId: null,
      actor: { type: 'system' as const, id: 'test' },
      llmLimit: 0,
    });
    // the hash is read first (a full pass), so the crash is armed for the second pass only
    let passes = 0;
    const crashing = request(null);
    const second = request(Math.floor(bytes.length * 0.8));
    crashing.open = () => (passes++ === 0 ? request(null).open() : second.open());
    await expect(importBankFile(t.platform, crashing)).rejects.toThrow(/device gone/);
    expect(await lineCount()).toBe(before);
    const entries = await t.platform.database.query<{ n: number }>(
      `select count(*)::int as n from bookkeeping.journal_entries e join bookkeeping.bank_lines b on b.id = e.bank_line_id where b.description like 'CRASH TEST%'`,
    );
    expect(entries[0]!.n).toBe(0);
    const imports = await t.platform.database.query<{ n: number }>(
      `select count(*)::int as n from bookkeeping.imports where org_id = $1 and file_name = 'crash.csv' and status = 'completed'`,
      [org.orgId],
    );
    expect(imports[0]!.n).toBe(0);
    // not taken for a duplicate of a half-import: the whole file lands
    expect((await importBankFile(t.platform, request(null))).linesAdded).toBe(9_000);
  });
});

describe('corpus files import over HTTP', () => {
  it('imports the OFX statement by FITID once, and the whole corpus twice without duplicates', async () => {
    const files = [
      'beangulp-example.ofx',
      'beangulp-statement.csv',
      'hledger-csb43.csv',
      'hledger-stripe.csv',
      'hledger-paypal-custom.csv',
      'hledger-a.csv',
      'hledger-sample.fr.utf8.csv',
      'hledger-sample.csv',
    ];
    const first: number[] = [];
    for (const f of files) {
      const res = await upload(readFileSync(resolve(corpus, f)), f);
      expect(res.statusCode, f).toBe(200);
      first.push(res.json().linesAdded);
    }
    expect(first[0]).toBe(17);
    const total = await lineCount();
    for (const f of files) expect((await upload(readFileSync(resolve(corpus, f)), `again-${f}`)).json().linesAdded).toBe(0);
    expect(await lineCount()).toBe(total);
    const qfx = await upload(readFileSync(resolve(corpus, 'beangulp-example.qfx')), 'beangulp-example.qfx');
    expect(qfx.statusCode).toBe(422);
    expect(qfx.json().error.message).toMatch(/investment/);
  });
});

describe('background import job', () => {
  it('runs an upload as a job with progress and a result', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/bookkeeping/companies/acme/imports?bankAccountId=${bank}&fileName=job.csv`,
      headers: { ...bearer(org.ownerKey), 'content-type': 'application/octet-stream' },
      payload: Buffer.from('Date,Description,Amount\n2025-05-01,JOB LINE,-7.00\n'),
    });
    expect(res.statusCode).toBe(202);
    const job = await t.platform.jobs.waitFor(org.orgId, res.json().jobId);
    expect(job.state).toBe('succeeded');
    expect(job.result).toMatchObject({ linesAdded: 1 });
    expect([job.progressDone, job.progressTotal]).toEqual([1, 1]);
  });
});

describe('import progress', () => {
  it('reports lines stored against an estimated line count that becomes exact at the end', async () => {
    const body = ['Date,Description,Amount'];
    for (let i = 0; i < 12_000; i++) body.push(`2025-06-${String(1 + (i % 28)).padStart(2, '0')},PROGRESS LINE ${i},-${1 + (i % 97)}.00`);
    const bytes = Buffer.from(`${body.join('\n')}\n`);
    const calls: { done: number; total: number | null }[] = [];
    const summary = await importBankFile(t.platform, {
      orgId: org.orgId,
      company: 'acme',
      bankAccountId: bank,
      fileName: 'progress.csv',
      open: async function* () {
        for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024);
      },
      sizeBytes: bytes.length,
      userId: null,
      actor: { type: 'system', id: 'test' },
      llmLimit: 0,
      onProgress: (done, total) => void calls.push({ done, total }),
    });
    expect(summary.linesAdded).toBe(12_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.length).toBeGreaterThan(2);
    expect(calls.at(-1)).toEqual({ done: 12_000, total: 12_000 });
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.done).toBeGreaterThanOrEqual(calls[i - 1]!.done);
    // while streaming, the estimate is within 10% of the true count
    for (const c of calls.slice(0, -1)) expect(Math.abs(c.total! - 12_000)).toBeLessThan(1_200);
  });
});

describe('tenancy', () => {
  it("answers 404 for another organization's company", async () => {
    const other = await t.createOrg();
    const res = await t.app.inject({ method: 'GET', url: '/api/bookkeeping/companies/acme/lines', headers: bearer(other.ownerKey) });
    expect(res.statusCode).toBe(404);
    const anon = await t.app.inject({ method: 'GET', url: '/api/bookkeeping/companies' });
    expect(anon.statusCode).toBe(401);
  });
});
