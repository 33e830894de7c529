import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBankFile } from './bank-file-parser.ts';
import { ImportFileError, type ParseOptions, type ParsedLine } from './import-types.ts';
import { parseCents, parseDate } from './money-parse.ts';

const repoRoot = resolve(import.meta.dirname, '../../../../..');
const corpus = resolve(repoRoot, '../shared/corpus/bank');

async function* chunks(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function parseAll(bytes: Uint8Array, options: ParseOptions, size?: number): Promise<ParsedLine[]> {
  const out: ParsedLine[] = [];
  for await (const b of parseBankFile(chunks(bytes, size), options)) out.push(...b);
  return out;
}

const file = (name: string) => readFileSync(resolve(corpus, name));

describe('amounts and dates parse exactly', () => {
  it('parses decimal strings into integer cents without floats', () => {
    expect(parseCents('-29.5', false)).toBe(-2950n);
    expect(parseCents('1,234.56', false)).toBe(123456n);
    expect(parseCents('1.000.000,00', true)).toBe(100000000n);
    expect(parseCents('(12.00)', false)).toBe(-1200n);
    expect(parseCents('$0.07', false)).toBe(7n);
    expect(parseCents('12.345', false)).toBeNull();
    expect(parseCents('abc', false)).toBeNull();
    expect(parseCents('0.1', false)! + parseCents('0.2', false)!).toBe(30n);
  });
  it('refuses impossible dates', () => {
    expect(parseDate('2024-02-30', 'Y-M-D')).toBeNull();
    expect(parseDate('2024-02-29', 'Y-M-D')).toBe('2024-02-29');
    expect(parseDate('10/2009/09', 'D/Y/M')).toBe('2009-09-10');
  });
});

describe('every corpus file', () => {
  it('has a test input for each file in the corpus', () => {
    expect(readdirSync(corpus).sort()).toEqual([
      'beangulp-example.ofx',
      'beangulp-example.qfx',
      'beangulp-statement.csv',
      'hledger-a.csv',
      'hledger-csb43.csv',
      'hledger-paypal-custom.csv',
      'hledger-sample.csv',
      'hledger-sample.fr.cp1252.csv',
      'hledger-sample.fr.iso88591.csv',
      'hledger-sample.fr.utf8.csv',
      'hledger-sample.ssv',
      'hledger-sample.tsv',
      'hledger-stripe.csv',
    ]);
  });

  it('reads hledger sample in comma, semicolon and tab layouts with in/out columns', async () => {
    for (const name of ['hledger-sample.csv', 'hledger-sample.ssv', 'hledger-sample.tsv']) {
      const lines = await parseAll(file(name), { fileName: name, preset: 'hledger-sample' });
      expect(lines.map((l) => [l.date, l.amountCents])).toEqual([
        ['2009-09-10', 5000n],
        ['2009-09-11', -5000n],
      ]);
      expect(lines[0]!.description).toBe('Flubber Co🎅');
    }
  });

  it('detects the hledger sample layout without a preset', async () => {
    const lines = await parseAll(file('hledger-sample.ssv'), { fileName: 'x.ssv' });
    expect(lines.map((l) => l.amountCents)).toEqual([5000n, -5000n]);
  });

  it('decodes the French file identically from UTF-8, ISO-8859-1 and Windows-1252', async () => {
    const utf8 = await parseAll(file('hledger-sample.fr.utf8.csv'), { fileName: 'fr.utf8.csv' }, 5);
    const iso = await parseAll(file('hledger-sample.fr.iso88591.csv'), { fileName: 'fr.iso.csv', encoding: 'iso-8859-1' });
    const cp = await parseAll(file('hledger-sample.fr.cp1252.csv'), { fileName: 'fr.cp.csv' });
    expect(utf8.map((l) => l.description)).toEqual(['DÉPÔT', 'VIREMENT VERS ÉPARGNE', 'CAFÉ — €20 REÇU']);
    expect(cp.map((l) => l.description)).toEqual(utf8.map((l) => l.description));
    expect(iso.slice(0, 2).map((l) => l.description)).toEqual(['DÉPÔT', 'VIREMENT VERS ÉPARGNE']);
    expect(utf8.map((l) => l.amountCents)).toEqual([5000n, -1000n, -2000n]);
    expect(utf8[0]!.date).toBe('2012-03-22');
  });

  it('reads a decimal-comma amount with thousands dots', async () => {
    const lines = await parseAll(file('hledger-a.csv'), { fileName: 'a.csv' });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.amountCents).toBe(100000000n);
    expect(lines[0]!.date).toBe('2020-01-01');
  });

  it('reads the US statement (newest first, running balance) with its header', async () => {
    const lines = await parseAll(file('beangulp-statement.csv'), { fileName: 's.csv' });
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatchObject({ line: 2, date: '2016-03-18', amountCents: -268089n });
    expect(lines.reduce((a, l) => a + l.amountCents, 0n)).toBe(-268089n + 259073n - 15000n - 6000n + 11000n - 130000n);
  });

  it('reads CSB43, Stripe and PayPal exports with their bank ids', async () => {
    const csb = await parseAll(file('hledger-csb43.csv'), { fileName: 'c.csv' });
    expect(csb.map((l) => [l.date, l.amountCents, l.description])).toEqual([
      ['2019-11-02', 150000n, 'MY_INCOME_LINE'],
      ['2019-11-10', -50000n, 'MY_EXPENSE_LINE'],
    ]);
    const stripe = await parseAll(file('hledger-stripe.csv'), { fileName: 's.csv' });
    expect(stripe.map((l) => [l.date, l.amountCents, l.bankRef])).toEqual([
      ['2020-01-23', 1200n, 'txn_14G11HjubSIHf9IKrvJdwN'],
      ['2020-01-23', -77n, 'txn_14G11HjHgubIH9ZvbPgYO7'],
    ]);
    const paypal = await parseAll(file('hledger-paypal-custom.csv'), { fileName: 'p.csv' });
    expect(paypal.length).toBeGreaterThan(5);
    expect(paypal[0]).toMatchObject({ date: '2019-10-01', amountCents: -699n, counterparty: 'Calm Radio', bankRef: '06P57143A2806728E' });
    expect(paypal.find((l) => l.counterparty === 'Noble Benefactor')?.amountCents).toBe(941n);
  });

  it('reads OFX 1.x SGML with FITIDs and refuses the investment-only QFX with a reason', async () => {
    const ofx = await parseAll(file('beangulp-example.ofx'), { fileName: 'e.ofx' });
    expect(ofx).toHaveLength(17);
    expect(ofx[0]).toMatchObject({ date: '2013-12-06', amountCents: -7500n, bankRef: '132124581254980455' });
    expect(ofx[1]!.amountCents).toBe(-2950n);
    await expect(parseAll(file('beangulp-example.qfx'), { fileName: 'e.qfx' })).rejects.toThrow(/investment statement/);
  });
});

describe('bad files name the line', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('reports an impossible date and an unparseable amount with their lines', async () => {
    const err = await parseAll(enc('Date,Description,Amount\n2024-01-05,Coffee,-3.50\n2024-02-30,Tea,-2.00\n2024-03-01,Cake,abc\n'), {
      fileName: 'bad.csv',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as ImportFileError).errors).toEqual([
      { line: 3, message: expect.stringContaining('not a valid date') },
      { line: 4, message: expect.stringContaining('not an amount') },
    ]);
    expect((err as ImportFileError).message).toContain('bad.csv, line 3');
  });
  it('reports invalid UTF-8 when told the file is UTF-8', async () => {
    await expect(parseAll(file('hledger-sample.fr.iso88591.csv'), { fileName: 'f.csv', encoding: 'utf-8' })).rejects.toThrow(/not valid UTF-8/);
  });
  it('keeps quoted delimiters and newlines inside one field and counts lines', async () => {
    const lines = await parseAll(
      enc('Date,Description,Amount\r\n2024-01-05,"Coffee, ""large""\nto go",-3.50\r\n2024-01-06,Tea,-2.00\r\n'),
      { fileName: 'q.csv' },
      3,
    );
    expect(lines.map((l) => [l.line, l.description])).toEqual([
      [2, 'Coffee, "large"\nto go'],
      [4, 'Tea'],
    ]);
  });
  it('refuses an unclosed quote and an empty file', async () => {
    await expect(parseAll(enc('Date,Description,Amount\n2024-01-05,"Coffee,-3.50\n'), { fileName: 'u.csv' })).rejects.toThrow(/never closed/);
    await expect(parseAll(enc(''), { fileName: 'e.csv' })).rejects.toThrow(/empty/);
  });
});
