import { ImportFileError, type LineError, type ParsedLine } from './import-types.ts';
import { parseCents, parseDate } from './money-parse.ts';

/** Leaf values of one aggregate; works for SGML (unclosed leaves) and XML (closed leaves). */
function leaves(block: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /<([A-Z0-9.]+)>([^<]*)/gi;
  for (let m = re.exec(block); m; m = re.exec(block)) {
    const tag = (m[1] as string).toUpperCase();
    const value = (m[2] as string).trim();
    if (value !== '' && !out.has(tag)) out.set(tag, decodeEntities(value));
  }
  return out;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** OFX 1.x (SGML) and 2.x (XML) bank and card statements: one line per STMTTRN, FITID as the bank id. */
export function parseOfx(text: string, fileName: string): ParsedLine[] {
  if (!/<OFX>/i.test(text)) throw new ImportFileError(fileName, [{ line: 1, message: 'no <OFX> element: not an OFX file' }]);
  const out: ParsedLine[] = [];
  const errors: LineError[] = [];
  const re = /<STMTTRN>([\s\S]*?)<\/STMTTRN>/gi;
  let lineAt = 1;
  let scanned = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = scanned; i < m.index; i++) if (text.charCodeAt(i) === 10) lineAt++;
    scanned = m.index;
    const f = leaves(m[1] as string);
    const rawDate = f.get('DTPOSTED') ?? '';
    const date = parseDate(rawDate.slice(0, 8), 'YMD');
    const rawAmt = f.get('TRNAMT') ?? '';
    const cents = parseCents(rawAmt, false);
    if (!date) errors.push({ line: lineAt, message: `DTPOSTED "${rawDate}" is not a valid date` });
    else if (cents === null) errors.push({ line: lineAt, message: `TRNAMT "${rawAmt}" is not an amount` });
    else {
      const name = f.get('NAME') ?? f.get('PAYEE') ?? '';
      const memo = f.get('MEMO') ?? '';
      out.push({
        line: lineAt,
        date,
        amountCents: cents,
        description: (name || memo).slice(0, 500),
        counterparty: name.slice(0, 200),
        bankRef: f.get('FITID')?.slice(0, 200) ?? null,
        raw: m[0].slice(0, 1000),
      });
    }
  }
  if (errors.length > 0) throw new ImportFileError(fileName, errors);
  if (out.length === 0) {
    const investment = /<INVSTMTRS>/i.test(text);
    throw new ImportFileError(fileName, [
      {
        line: 1,
        message: investment
          ? 'the OFX file is an investment statement with no bank or card transactions (not supported)'
          : 'the OFX file holds no bank or card transactions',
      },
    ]);
  }
  return out;
}
