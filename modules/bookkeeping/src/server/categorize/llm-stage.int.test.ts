import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { importBankFile } from '../import/import-service.ts';
import { LLM_CONFIDENCE_CAP } from './llm-suggest.ts';

interface Line {
  id: string;
  description: string;
  status: string;
  source: string;
  predictedAccountId: string | null;
  confidence: number | null;
}

let t: TestApp;
let org: TestOrg;
let companyId: string;
let bank: string;
let accounts: { id: string; code: string; type: string; kind: string }[];

const auth = () => bearer(org.ownerKey);

async function upload(body: string, fileName: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/bookkeeping/companies/llm/imports?bankAccountId=${bank}&fileName=${fileName}&wait=true`,
    headers: { ...auth(), 'content-type': 'text/csv' },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ importId: string; inReview: number; llmSuggested?: number }>();
}

async function linesOf(importId: string): Promise<Map<string, Line>> {
  const res = await t.app.inject({ method: 'GET', url: '/api/bookkeeping/companies/llm/lines?limit=100', headers: auth() });
  const all = res.json<{ lines: (Line & { importId: string })[] }>().lines.filter((l) => l.importId === importId);
  return new Map(all.map((l) => [l.description.split('\n')[0]!, l]));
}

/** Calls the gateway metered for this module; its usage buffer writes them shortly after the call. */
async function gatewayCalls(expected: number): Promise<{ status: number; model: string }[]> {
  let logs: { status: number; model: string }[] = [];
  for (let i = 0; i < 40; i++) {
    logs = await t.platform.database.query<{ status: number; model: string }>(
      `select status, model from gateway.request_logs where org_id = $1 and source = 'llm:bookkeeping' order by id`,
      [org.orgId],
    );
    if (logs.length >= expected) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return logs;
}

beforeAll(async () => {
  t = await createTestApp({ moduleNames: ['gateway', 'bookkeeping'] });
  org = await t.createOrg();
  const c = await t.app.inject({
    method: 'POST',
    url: '/api/bookkeeping/companies',
    headers: auth(),
    payload: { slug: 'llm', name: 'LLM Co', industry: 'web_agency' },
  });
  companyId = c.json<{ id: string }>().id;
  accounts = (await t.app.inject({ method: 'GET', url: '/api/bookkeeping/companies/llm/accounts', headers: auth() })).json();
  bank = accounts.find((a) => a.code === '1000')!.id;
  const expense = accounts.find((a) => a.type === 'expense' && a.kind === 'other')!.id;
  await t.app.inject({
    method: 'POST',
    url: '/api/bookkeeping/companies/llm/rules',
    headers: auth(),
    payload: { name: 'adobe', conditions: { description: { op: 'contains', value: 'adobe' } }, accountId: expense },
  });
});
afterAll(async () => t.close());

describe('the LLM stage, through the platform port and the gateway offline model', () => {
  it('asks only about lines neither rules nor history decide, and takes a chart account with a capped confidence', async () => {
    const income = accounts.find((a) => a.type === 'income' && a.kind === 'other')!;
    // The offline model plays `@tool <name> <json>` lines of the conversation as its tool call; a
    // description spanning lines is how this test scripts the model's answer for one bank line.
    const csv = [
      'Date,Description,Amount',
      '2025-06-01,ADOBE CC,-54.99',
      '2025-06-02,CORNER STORE,-8.00',
      `2025-06-03,"CLIENT WIRE\n@tool choose_account {""code"":""${income.code}"",""confidence"":0.97}",1200.00`,
      '2025-06-04,"ODD REFUND\n@tool choose_account {""code"":""0000-NOT-IN-CHART"",""confidence"":0.9}",15.00',
    ].join('\n');
    const summary = await upload(csv, 'june.csv');
    expect(summary).toMatchObject({ inReview: 3, llmSuggested: 1 });
    const lines = await linesOf(summary.importId);
    expect(lines.get('ADOBE CC')).toMatchObject({ source: 'rule', status: 'approved' });
    // the model named an account of the chart: a suggestion, never an approval
    expect(lines.get('CLIENT WIRE')).toMatchObject({ source: 'llm', status: 'review', predictedAccountId: income.id, confidence: LLM_CONFIDENCE_CAP });
    // a plain text answer and a code outside the chart change nothing
    expect(lines.get('CORNER STORE')).toMatchObject({ source: 'none', status: 'review', predictedAccountId: null });
    expect(lines.get('ODD REFUND')).toMatchObject({ source: 'none', status: 'review', predictedAccountId: null });
    // three lines reached the model, each as one metered gateway call; the rule's line did not
    const calls = await gatewayCalls(3);
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.status === 200 && c.model.includes('tessera-1'))).toBe(true);
  });

  it('a failing model leaves the lines in review and the import landed', async () => {
    const summary = await importBankFile(t.platform, {
      orgId: org.orgId,
      company: companyId,
      bankAccountId: bank,
      fileName: 'july.csv',
      open: async function* () {
        yield new TextEncoder().encode('Date,Description,Amount\n2025-07-01,MYSTERY ONE,-3.00\n2025-07-02,MYSTERY TWO,-4.00\n');
      },
      userId: null,
      actor: { type: 'system', id: 'test' },
      llmModel: 'nowhere/no-such-model',
    });
    expect(summary).toMatchObject({ status: 'completed', linesAdded: 2, inReview: 2, llmSuggested: 0 });
    const lines = await linesOf(summary.importId);
    expect([...lines.values()].map((l) => [l.status, l.source])).toEqual([
      ['review', 'none'],
      ['review', 'none'],
    ]);
  });
});
