import { CsvReader, detectDelimiter, type CsvRecord } from './csv-reader.ts';
import { CSV_PRESETS, mappingFromHeaders } from './csv-presets.ts';
import {
  ImportFileError,
  MAX_LINE_ERRORS,
  type ColumnMapping,
  type ColumnRef,
  type FileEncoding,
  type LineError,
  type ParseOptions,
  type ParsedLine,
} from './import-types.ts';
import { detectDateFormat, looksDecimalComma, parseCents, parseDate, type DateFormat } from './money-parse.ts';
import { parseOfx } from './ofx-parser.ts';

const HEAD_BYTES = 64 * 1024;
const BATCH = 5000;
/** The first batch is small so the database starts storing while the rest is still being read. */
const FIRST_BATCH = 1000;

interface Resolved {
  date: number;
  dateFormat: DateFormat;
  amount: number | null;
  inflow: number | null;
  outflow: number | null;
  description: number | null;
  counterparty: number | null;
  reference: number | null;
  decimalComma: boolean;
  negate: boolean;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses a bank file from a byte stream into batches of lines. CSV is read record by record, so
 * the whole file is never held; OFX statements are small and are parsed whole. Throws
 * ImportFileError naming the lines when the file cannot be read.
 */
export async function* parseBankFile(source: AsyncIterable<Uint8Array>, options: ParseOptions): AsyncGenerator<ParsedLine[]> {
  const iterator = source[Symbol.asyncIterator]();
  const headParts: Uint8Array[] = [];
  let headLen = 0;
  let done = false;
  while (headLen < HEAD_BYTES) {
    const r = await iterator.next();
    if (r.done) {
      done = true;
      break;
    }
    headParts.push(r.value);
    headLen += r.value.length;
  }
  const head = Buffer.concat(headParts);
  if (head.length === 0) throw new ImportFileError(options.fileName, [{ line: 1, message: 'the file is empty' }]);
  const encoding: FileEncoding = options.encoding ?? (isUtf8(head) ? 'utf-8' : 'windows-1252');
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  const decode = (bytes: Uint8Array, stream: boolean, line: number): string => {
    try {
      return decoder.decode(bytes, { stream });
    } catch {
      throw new ImportFileError(options.fileName, [{ line, message: 'the text is not valid UTF-8; pass encoding "windows-1252" or "iso-8859-1"' }]);
    }
  };
  let headText = decode(head, !done, 1);
  if (headText.charCodeAt(0) === 0xfeff) headText = headText.slice(1);
  const trimmed = headText.trimStart();
  if (/^(OFXHEADER|<\?xml|<\?OFX|<OFX)/i.test(trimmed)) {
    let text = headText;
    for (;;) {
      const r = await iterator.next();
      if (r.done) break;
      text += decode(r.value, true, 1);
    }
    text += decode(new Uint8Array(), false, 1);
    const lines = parseOfx(text, options.fileName);
    for (let i = 0; i < lines.length; i += BATCH) yield lines.slice(i, i + BATCH);
    return;
  }

  const preset = options.preset ? CSV_PRESETS[options.preset] : undefined;
  if (options.preset && !preset)
    throw new ImportFileError(options.fileName, [{ line: 1, message: `unknown preset "${options.preset}"; known: ${Object.keys(CSV_PRESETS).join(', ')}` }]);
  const mapping: ColumnMapping = { ...preset, ...options.mapping };
  const delimiter = mapping.delimiter ?? detectDelimiter(headText);
  if (delimiter.length !== 1) throw new ImportFileError(options.fileName, [{ line: 1, message: 'the delimiter must be exactly one character' }]);
  const reader = new CsvReader(delimiter);
  let pending: CsvRecord[] = [];
  reader.push(headText, pending);
  if (done) {
    const end = reader.end(pending);
    if (end.unterminatedQuoteLine !== null)
      throw new ImportFileError(options.fileName, [{ line: end.unterminatedQuoteLine, message: 'a quoted field is never closed' }]);
  }
  if (pending.length === 0) throw new ImportFileError(options.fileName, [{ line: 1, message: 'the file holds no rows' }]);
  const resolved = resolveMapping(pending, mapping, options.fileName);
  const errors: LineError[] = [];
  let batch: ParsedLine[] = [];
  let started = false;
  let yielded = false;
  const takeRecords = function* (recs: CsvRecord[]): Generator<ParsedLine[]> {
    for (const rec of recs) {
      if (!started) {
        started = true;
        if (resolved.hasHeader) continue;
      }
      const line = toLine(rec, resolved, delimiter, errors);
      if (line) batch.push(line);
      if (errors.length >= MAX_LINE_ERRORS) throw new ImportFileError(options.fileName, errors);
      if (batch.length >= (yielded ? BATCH : FIRST_BATCH)) {
        if (errors.length === 0) yield batch;
        yielded = true;
        batch = [];
      }
    }
  };
  yield* takeRecords(pending);
  let lastLine = pending.at(-1)?.line ?? 1;
  while (!done) {
    const r = await iterator.next();
    pending = [];
    if (r.done) {
      done = true;
      reader.push(decode(new Uint8Array(), false, lastLine), pending);
      const end = reader.end(pending);
      if (end.unterminatedQuoteLine !== null) errors.push({ line: end.unterminatedQuoteLine, message: 'a quoted field is never closed' });
    } else reader.push(decode(r.value, true, lastLine), pending);
    lastLine = pending.at(-1)?.line ?? lastLine;
    yield* takeRecords(pending);
  }
  if (errors.length > 0) throw new ImportFileError(options.fileName, errors);
  if (batch.length > 0) yield batch;
}

function colIndex(ref: ColumnRef | undefined, headers: string[] | null, what: string, fileName: string): number | null {
  if (ref === undefined) return null;
  if (typeof ref === 'number') return ref;
  const i = headers ? headers.findIndex((h) => h.trim().toLowerCase() === ref.trim().toLowerCase()) : -1;
  if (i < 0) throw new ImportFileError(fileName, [{ line: 1, message: `the ${what} column "${ref}" is not in the header` }]);
  return i;
}

function resolveMapping(recs: CsvRecord[], given: ColumnMapping, fileName: string): Resolved & { hasHeader: boolean } {
  const first = recs[0] as CsvRecord;
  const looksLikeData =
    first.fields.some((f) => detectDateFormat([f]) !== null) &&
    first.fields.some((f) => /\d/.test(f) && (parseCents(f, false) !== null || parseCents(f, true) !== null));
  const hasHeader = given.hasHeader ?? !looksLikeData;
  const headers = hasHeader ? first.fields : null;
  const body = (hasHeader ? recs.slice(1) : recs).slice(0, 200);
  let m: ColumnMapping = given;
  if (given.date === undefined || (given.amount === undefined && given.inflow === undefined && given.outflow === undefined)) {
    const auto = headers ? mappingFromHeaders(headers) : mappingFromContent(body);
    m = { ...auto, ...given };
  }
  const date = colIndex(m.date, headers, 'date', fileName);
  if (date === null) throw new ImportFileError(fileName, [{ line: 1, message: 'no date column found; pass a column mapping' }]);
  const amount = colIndex(m.amount, headers, 'amount', fileName);
  const inflow = colIndex(m.inflow, headers, 'inflow', fileName);
  const outflow = colIndex(m.outflow, headers, 'outflow', fileName);
  if (amount === null && inflow === null && outflow === null)
    throw new ImportFileError(fileName, [{ line: 1, message: 'no amount column found; pass a column mapping' }]);
  const dateFormat = m.dateFormat ?? detectDateFormat(body.map((r) => r.fields[date] ?? '').slice(0, 50));
  if (!dateFormat) {
    const bad = body.find((r) => detectDateFormat([r.fields[date] ?? '']) === null) ?? body[0];
    throw new ImportFileError(fileName, [{ line: bad?.line ?? 1, message: `"${bad?.fields[date] ?? ''}" is not a date in any known layout` }]);
  }
  const amountSamples = body
    .flatMap((r) => [amount, inflow, outflow].filter((c): c is number => c !== null).map((c) => r.fields[c] ?? ''))
    .filter((s) => s.trim() !== '');
  return {
    hasHeader,
    date,
    dateFormat,
    amount,
    inflow,
    outflow,
    description: colIndex(m.description, headers, 'description', fileName),
    counterparty: colIndex(m.counterparty, headers, 'counterparty', fileName),
    reference: colIndex(m.reference, headers, 'reference', fileName),
    decimalComma: m.decimalComma ?? looksDecimalComma(amountSamples),
    negate: m.negate ?? false,
  };
}

/** Without a header: the date column parses as dates, numeric columns are amounts, the longest text is the description. */
function mappingFromContent(body: CsvRecord[]): ColumnMapping {
  const width = Math.max(...body.map((r) => r.fields.length));
  const m: ColumnMapping = { hasHeader: false };
  const numeric: number[] = [];
  let bestText = -1;
  let bestLen = -1;
  for (let c = 0; c < width; c++) {
    const vals = body.map((r) => (r.fields[c] ?? '').trim());
    const filled = vals.filter((v) => v !== '');
    if (m.date === undefined && filled.length > 0 && detectDateFormat(filled) !== null) {
      m.date = c;
      continue;
    }
    const dc = looksDecimalComma(filled);
    if (filled.length > 0 && filled.every((v) => parseCents(v, dc) !== null)) numeric.push(c);
    else {
      const avg = filled.reduce((a, v) => a + v.length, 0) / Math.max(1, filled.length);
      if (avg > bestLen) [bestLen, bestText] = [avg, c];
    }
  }
  if (bestText >= 0) m.description = bestText;
  const [a, b] = numeric;
  if (a !== undefined && b !== undefined && body.every((r) => ((r.fields[a] ?? '').trim() === '') !== ((r.fields[b] ?? '').trim() === ''))) {
    m.inflow = a;
    m.outflow = b;
  } else if (a !== undefined) m.amount = a;
  return m;
}

function toLine(rec: CsvRecord, r: Resolved, delimiter: string, errors: LineError[]): ParsedLine | null {
  const f = rec.fields;
  if (f.every((x) => x.trim() === '')) return null;
  const rawDate = f[r.date] ?? '';
  const date = parseDate(rawDate, r.dateFormat);
  if (!date) {
    errors.push({ line: rec.line, message: `"${rawDate.slice(0, 40)}" is not a valid date (${r.dateFormat})` });
    return null;
  }
  let cents: bigint | null;
  if (r.amount !== null) {
    const raw = f[r.amount] ?? '';
    cents = parseCents(raw, r.decimalComma);
    if (cents === null) {
      errors.push({ line: rec.line, message: `"${raw.slice(0, 40)}" is not an amount` });
      return null;
    }
  } else {
    const rawIn = r.inflow !== null ? (f[r.inflow] ?? '').trim() : '';
    const rawOut = r.outflow !== null ? (f[r.outflow] ?? '').trim() : '';
    const vin = rawIn === '' ? 0n : parseCents(rawIn, r.decimalComma);
    const vout = rawOut === '' ? 0n : parseCents(rawOut, r.decimalComma);
    if (vin === null || vout === null || (rawIn === '' && rawOut === '')) {
      errors.push({ line: rec.line, message: `"${rawIn || rawOut}" is not an amount` });
      return null;
    }
    cents = (vin < 0n ? -vin : vin) - (vout < 0n ? -vout : vout);
  }
  if (r.negate) cents = -cents;
  const counterparty = r.counterparty !== null ? (f[r.counterparty] ?? '').trim() : '';
  const description = (r.description !== null ? (f[r.description] ?? '').trim() : '') || counterparty;
  const ref = r.reference !== null ? (f[r.reference] ?? '').trim() : '';
  return {
    line: rec.line,
    date,
    amountCents: cents,
    description: description.slice(0, 500),
    counterparty: counterparty.slice(0, 200),
    bankRef: ref ? ref.slice(0, 200) : null,
    raw: f.join(delimiter).slice(0, 1000),
  };
}
