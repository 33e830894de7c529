import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { bookkeepingModule } from '../index.ts';

interface Line {
  id: string;
  date: string;
  description: string;
  status: string;
  duplicateOf: string | null;
  approvedAccountId: string | null;
}

let t: TestApp;
let org: TestOrg;
let bank: string;

const auth = () => bearer(org.ownerKey);
const post = (url: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: auth(), ...(payload ? { payload } : {}) });

async function upload(body: string, fileName: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/bookkeeping/companies/dup/imports?bankAccountId=${bank}&fileName=${fileName}&wait=true`,
    headers: { ...auth(), 'content-type': 'text/csv' },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ linesAdded: number; autoApproved: number; possibleDuplicates: number; importId: string }>();
}

async function lines(query = ''): Promise<Line[]> {
  const res = await t.app.inject({ method: 'GET', url: `/api/bookkeeping/companies/dup/lines?limit=100${query}`, headers: auth() });
  return res.json<{ lines: Line[] }>().lines;
}

async function entriesOf(lineId: string): Promise<number> {
  const [r] = await t.platform.database.query<{ n: number }>(`select count(*)::int as n from bookkeeping.journal_entries where bank_line_id = $1`, [lineId]);
  return r?.n ?? 0;
}

// The bank's CSV export of April, imported first.
const csvExport = [
  'Date,Description,Amount',
  '2025-04-03,GITHUB.COM ABC123,-21.00',
  '2025-04-05,RENT APRIL OFFICE,-1000.00',
  '2025-04-07,COFFEE BEANS CO,-55.10',
  '2025-04-09,CARD SHOP,-7.00',
  '2025-04-09,CARD SHOP,-7.00',
].join('\n');

// The same month exported by another channel: other dates (posting versus transaction date),
// other wording, decimal comma. One line is new, one has the same amount but other words.
const otherExport = [
  'Booking Date;Narrative;Betrag',
  '04.04.2025;GITHUB INC SAN FRANCISCO;-21,00',
  '05.04.2025;Rent April;-1000,00',
  '07.04.2025;TOTALLY DIFFERENT STORE;-55,10',
  '20.04.2025;NEW VENDOR;-12,00',
].join('\n');

beforeAll(async () => {
  t = await createTestApp({ modules: [bookkeepingModule] });
  org = await t.createOrg();
  expect((await post('/api/bookkeeping/companies', { slug: 'dup', name: 'Dup Co', industry: 'web_agency' })).statusCode).toBe(201);
  const accounts = (await t.app.inject({ method: 'GET', url: '/api/bookkeeping/companies/dup/accounts', headers: auth() })).json<
    { id: string; code: string; type: string; kind: string }[]
  >();
  bank = accounts.find((a) => a.code === '1000')!.id;
  const expense = accounts.find((a) => a.type === 'expense' && a.kind === 'other')!.id;
  // a rule would auto-approve GitHub and rent lines: a possible duplicate must still not be posted
  for (const word of ['github', 'rent'])
    expect(
      (await post('/api/bookkeeping/companies/dup/rules', { name: word, conditions: { description: { op: 'contains', value: word } }, accountId: expense }))
        .statusCode,
    ).toBe(201);
});
afterAll(async () => t.close());

describe('lines that look like stored lines wait in review as possible duplicates', () => {
  let first: Line[];
  it('flags the same transactions exported in another format, and nothing else', async () => {
    const a = await upload(csvExport, 'april.csv');
    expect(a).toMatchObject({ linesAdded: 5, autoApproved: 2, possibleDuplicates: 0 });
    first = await lines();
    const b = await upload(otherExport, 'april-other.csv');
    expect(b).toMatchObject({ linesAdded: 4, possibleDuplicates: 2 });
    const byText = new Map((await lines()).map((l) => [l.description, l]));
    const github = byText.get('GITHUB INC SAN FRANCISCO')!;
    const rent = byText.get('Rent April')!;
    expect(github).toMatchObject({ status: 'review', duplicateOf: first.find((l) => l.description.startsWith('GITHUB.COM'))!.id });
    expect(rent).toMatchObject({ status: 'review', duplicateOf: first.find((l) => l.description.startsWith('RENT'))!.id });
    expect(byText.get('TOTALLY DIFFERENT STORE')!.duplicateOf).toBeNull();
    expect(byText.get('NEW VENDOR')!.duplicateOf).toBeNull();
    // the two identical card lines of one file stay two genuine lines
    expect(first.filter((l) => l.description === 'CARD SHOP' && l.duplicateOf === null)).toHaveLength(2);
    expect(await entriesOf(github.id)).toBe(0);
    expect((await lines('&possibleDuplicate=true')).map((l) => l.id).sort()).toEqual([github.id, rent.id].sort());
  });

  it('refuses to approve a flagged line until it is kept or discarded', async () => {
    const [github] = await lines('&possibleDuplicate=true&search=github');
    const res = await post(`/api/bookkeeping/lines/${github!.id}/approve`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('BOOKKEEPING_POSSIBLE_DUPLICATE');
  });

  it('discards a duplicate: nothing posted, out of the queue, audited, and final', async () => {
    const [github] = await lines('&possibleDuplicate=true&search=github');
    const res = await post(`/api/bookkeeping/lines/${github!.id}/discard`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'discard', status: 'discarded', duplicateOf: github!.duplicateOf });
    expect((await lines('&status=review')).some((l) => l.id === github!.id)).toBe(false);
    expect(await entriesOf(github!.id)).toBe(0);
    const [audit] = await t.platform.database.query<{ action: string }>(`select action from core.audit_log where target_id = $1`, [github!.id]);
    expect(audit?.action).toBe('bookkeeping.line.discard');
    expect((await post(`/api/bookkeeping/lines/${github!.id}/approve`, {})).json().error.code).toBe('BOOKKEEPING_LINE_DISCARDED');
    expect((await post(`/api/bookkeeping/lines/${github!.id}/keep`)).json().error.code).toBe('BOOKKEEPING_NOT_A_POSSIBLE_DUPLICATE');
  });

  it('keeps a flagged line: the flag clears and it is approved and posted like any other', async () => {
    const [rent] = await lines('&possibleDuplicate=true&search=rent');
    const kept = await post(`/api/bookkeeping/lines/${rent!.id}/keep`);
    expect(kept.statusCode, kept.body).toBe(200);
    expect((await lines()).find((l) => l.id === rent!.id)).toMatchObject({ status: 'review', duplicateOf: null });
    const approved = await post(`/api/bookkeeping/lines/${rent!.id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await entriesOf(rent!.id)).toBe(1);
  });

  it('a later import of the other export adds only its new line: discarded lines still deduplicate', async () => {
    const again = await upload(`${otherExport}\n21.04.2025;ANOTHER NEW VENDOR;-3,00`, 'april-other-2.csv');
    expect(again).toMatchObject({ linesAdded: 1, possibleDuplicates: 0 });
  });

  it('does not flag a following month that does not reach the stored dates', async () => {
    const may = await upload('Date,Description,Amount\n2025-05-25,GITHUB.COM XYZ999,-21.00\n', 'may.csv');
    expect(may).toMatchObject({ linesAdded: 1, autoApproved: 1, possibleDuplicates: 0 });
  });

  it('answers 404 for a line of another organization', async () => {
    const other = await t.createOrg();
    const [line] = await lines('&status=review');
    const res = await t.app.inject({ method: 'POST', url: `/api/bookkeeping/lines/${line!.id}/discard`, headers: bearer(other.ownerKey) });
    expect(res.statusCode).toBe(404);
  });
});
