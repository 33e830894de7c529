import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { bookkeepingModule } from '../index.ts';
import { PROFILES } from '../simulate/company-profiles.ts';
import { simulateCompany, toBankCsv } from '../simulate/bank-simulator.ts';
import { formatCents } from '../import/money-parse.ts';
import { TRAINING_COLUMNS } from './export-repository.ts';

function hledgerPath(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v hledger'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

let t: TestApp;
let org: TestOrg;
let acc: Record<string, string>;
const profile = PROFILES.find((p) => p.slug === 'hamilton-coffee')!;
const sim = simulateCompany(profile, 42).filter((l) => l.month <= 3);

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: bearer(org.ownerKey) });
const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: bearer(org.ownerKey), payload });

beforeAll(async () => {
  t = await createTestApp({ modules: [bookkeepingModule] });
  org = await t.createOrg();
  await post('/api/bookkeeping/companies', { slug: 'hamilton', name: profile.name, industry: profile.industry, autoThreshold: 0.9 });
  acc = Object.fromEntries((await get('/api/bookkeeping/companies/hamilton/accounts')).json<{ id: string; code: string }[]>().map((a) => [a.code, a.id]));
  // Month 1 is reviewed by hand with the true accounts; months 2-3 meet the learned model.
  const truth = new Map(sim.map((l) => [`${l.date}|${l.amountCents}|${l.description}`, l.account]));
  for (const [name, months] of [
    ['jan.csv', [1]],
    ['feb-mar.csv', [2, 3]],
  ] as const) {
    const csv = toBankCsv(
      sim.filter((l) => (months as readonly number[]).includes(l.month)),
      profile.openingCents,
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/bookkeeping/companies/hamilton/imports?bankAccountId=${acc['1000']}&fileName=${name}&wait=true`,
      headers: { ...bearer(org.ownerKey), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode).toBe(200);
    const queue = (await get('/api/bookkeeping/companies/hamilton/lines?status=review&limit=1000')).json().lines as {
      id: string;
      date: string;
      amountCents: string;
      description: string;
    }[];
    for (const l of queue) {
      const code = truth.get(`${l.date}|${l.amountCents}|${l.description}`)!;
      await post(`/api/bookkeeping/lines/${l.id}/correct`, { accountId: acc[code], durationMs: 2000 });
    }
  }
}, 120_000);
afterAll(async () => t.close());

describe('categorization learns from review', () => {
  it('auto-approves a large share of later months after only one reviewed month', async () => {
    const m = (await get('/api/bookkeeping/metrics')).json();
    const c = m.companies[0];
    expect(c.lines).toBe(sim.length);
    expect(c.autoApproved).toBeGreaterThan(sim.filter((l) => l.month > 1).length * 0.4);
    expect(m.pilot.markdown).toContain('Hamilton Coffee Co.');
  });

  it('every approved line carries the true account (auto-approval precision on this data)', async () => {
    const truth = new Map(sim.map((l) => [`${l.date}|${l.amountCents}|${l.description}`, l.account]));
    const byId = Object.fromEntries(Object.entries(acc).map(([code, id]) => [id, code]));
    const lines = (await get('/api/bookkeeping/companies/hamilton/lines?status=approved&limit=1000')).json().lines as {
      date: string;
      amountCents: string;
      description: string;
      approvedAccountId: string;
      reviewOutcome: string;
    }[];
    const auto = lines.filter((l) => l.reviewOutcome === 'auto');
    const wrong = auto.filter((l) => byId[l.approvedAccountId] !== truth.get(`${l.date}|${l.amountCents}|${l.description}`));
    expect(wrong.length / auto.length).toBeLessThan(0.05);
  });
});

describe('reports', () => {
  it('P&L nets to income minus expense and the balance sheet balances', async () => {
    const pnl = (await get('/api/bookkeeping/companies/hamilton/reports/pnl?from=2025-01-01&to=2025-03-31&compare=previous-period')).json();
    expect(pnl.periods).toHaveLength(2);
    expect(BigInt(pnl.totals[0].net)).toBe(BigInt(pnl.totals[0].income) - BigInt(pnl.totals[0].expense));
    expect(pnl.totals[1].net).toBe('0');
    const bs = (await get('/api/bookkeeping/companies/hamilton/reports/balance-sheet?asOf=2025-03-31')).json();
    expect(bs.balanced).toBe(true);
    const tb = (await get('/api/bookkeeping/companies/hamilton/reports/trial-balance?asOf=2025-03-31')).json();
    expect(tb.totalDebit).toBe(tb.totalCredit);
    const gl = (
      await get(`/api/bookkeeping/companies/hamilton/reports/general-ledger?accountId=${acc['1000']}&from=2025-01-01&to=2025-03-31&limit=1000`)
    ).json();
    const bankNet = sim.reduce((s, l) => s + l.amountCents, 0n);
    expect((gl.lines as { balanceCents: string }[]).at(-1)?.balanceCents).toBe(bankNet.toString());
  });

  it('exports the training dataset with exactly the brief columns', async () => {
    const res = await get('/api/bookkeeping/exports/training.csv?company=hamilton');
    const [header, ...body] = res.body.trim().split('\n');
    expect(header).toBe(TRAINING_COLUMNS.join(','));
    expect(body).toHaveLength(sim.length);
  });

  it('reconciles a statement with a rate of matched over total that never passes 100%', async () => {
    const jan = sim.filter((l) => l.month === 1);
    const ending = BigInt(profile.openingCents) + jan.reduce((s, l) => s + l.amountCents, 0n);
    const rec = (
      await post('/api/bookkeeping/companies/hamilton/reconciliations', {
        bankAccountId: acc['1000'],
        periodStart: '2025-01-01',
        periodEnd: '2025-01-31',
        endingBalanceCents: ending.toString(),
      })
    ).json();
    expect(rec.totalLines).toBe(jan.length);
    expect(rec.matchedLines).toBe(jan.length);
    expect(rec.rate).toBe(1);
    expect(rec.differenceCents).toBe(String(profile.openingCents));
    const again = (await t.app.inject({ method: 'POST', url: `/api/bookkeeping/reconciliations/${rec.id}/auto-match`, headers: bearer(org.ownerKey) })).json();
    expect(again.rate).toBeLessThanOrEqual(1);
    const detail = (await get(`/api/bookkeeping/reconciliations/${rec.id}`)).json();
    const first = detail.lines[0];
    const un = (await post(`/api/bookkeeping/reconciliations/${rec.id}/unmatch`, { bankLineId: first.id })).json();
    expect(un.matchedLines).toBe(jan.length - 1);
    const re = (await post(`/api/bookkeeping/reconciliations/${rec.id}/match`, { bankLineId: first.id, entryId: first.liveEntryId })).json();
    expect(re.matchedLines).toBe(jan.length);
  });

  it('previews which lines a rule would change', async () => {
    const res = await post('/api/bookkeeping/companies/hamilton/rules/preview', {
      conditions: { description: { op: 'contains', value: 'SQUARE' }, sign: 'in' },
      accountId: acc['4010'],
    });
    expect(res.statusCode).toBe(200);
    const n = sim.filter((l) => l.description.includes('SQUARE') && l.amountCents > 0n).length;
    expect(res.json().matched).toBe(n);
    expect(res.json().wouldChange).toBe(n);
    const bad = await post('/api/bookkeeping/companies/hamilton/rules/preview', {
      conditions: { description: { op: 'regex', value: '([' } },
      accountId: acc['4010'],
    });
    expect(bad.statusCode).toBe(422);
  });
});

describe('hledger agrees with our P&L to the cent', () => {
  const hledger = hledgerPath();
  // CI installs Debian's hledger; without it there is no independent engine to compare with.
  it.skipIf(!hledger)('income statement totals over the exported journal equal the P&L', async () => {
    const journal = (await get('/api/bookkeeping/companies/hamilton/exports/hledger.journal')).body;
    const dir = mkdtempSync(join(tmpdir(), 'bk-hledger-'));
    const file = join(dir, 'books.journal');
    writeFileSync(file, journal);
    const out = execFileSync(hledger!, ['-f', file, 'incomestatement', '-b', '2025-01-01', '-e', '2025-04-01', '-O', 'csv'], { encoding: 'utf8' });
    const cell = (label: string) => {
      const row = out.split('\n').find((r) => r.replace(/"/g, '').startsWith(label));
      return row ? row.split(',').at(-1)!.replace(/"/g, '') : null;
    };
    const pnl = (await get('/api/bookkeeping/companies/hamilton/reports/pnl?from=2025-01-01&to=2025-03-31')).json();
    const fmt = (c: string) => `${formatCents(BigInt(c))} USD`;
    expect(cell('Net:')).toBe(fmt(pnl.totals[0].net));
    expect(out).toContain(fmt(pnl.totals[0].income));
    expect(out).toContain(fmt(pnl.totals[0].expense));
  });
});
