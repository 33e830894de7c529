/**
 * Incremental RFC 4180 reader: feed text chunks, get complete records with the physical line
 * each began on. Quoted fields may hold delimiters, doubled quotes and newlines.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

export class CsvReader {
  private readonly delimiter: string;
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  private quotePending = false;
  private line = 1;
  private recordLine = 1;
  private fieldStarted = false;
  private lastWasCr = false;

  constructor(delimiter: string) {
    this.delimiter = delimiter;
  }

  push(text: string, out: CsvRecord[]): void {
    // A one-character delimiter; anything else never matches (the parser refuses it first).
    const d = this.delimiter.length === 1 ? this.delimiter.charCodeAt(0) : -1;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (this.lastWasCr) {
        this.lastWasCr = false;
        if (ch === LF) {
          i++;
          continue;
        }
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === QUOTE) {
            this.field += '"';
            i++;
            continue;
          }
          this.inQuotes = false;
        } else {
          // copy the run up to the next quote in one slice
          let j = i;
          for (; j < n; j++) {
            const c = text.charCodeAt(j);
            if (c === QUOTE) break;
            if (c === LF) this.line++;
          }
          this.field += text.slice(i, j);
          if (j < n) this.quotePending = true;
          i = j + 1;
          continue;
        }
      }
      if (ch === d) {
        this.fields.push(this.field);
        this.field = '';
        this.fieldStarted = true;
        i++;
      } else if (ch === LF || ch === CR) {
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        if (ch === CR) this.lastWasCr = true;
        i++;
      } else if (ch === QUOTE && this.field === '') {
        this.inQuotes = true;
        this.fieldStarted = true;
        i++;
      } else {
        // an unquoted run ends at the delimiter or the end of the line
        let j = i + 1;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
        }
        this.field += text.slice(i, j);
        this.fieldStarted = true;
        i = j;
      }
    }
  }

  /** Flushes the last record; reports an unterminated quote with its line. */
  end(out: CsvRecord[]): { unterminatedQuoteLine: number | null } {
    if (this.inQuotes && !this.quotePending) return { unterminatedQuoteLine: this.recordLine };
    this.inQuotes = false;
    this.quotePending = false;
    this.endRecord(out);
    return { unterminatedQuoteLine: null };
  }

  private endRecord(out: CsvRecord[]): void {
    if (this.inQuotes && this.quotePending) this.inQuotes = false;
    if (this.fieldStarted || this.field !== '' || this.fields.length > 0) {
      this.fields.push(this.field);
      if (!(this.fields.length === 1 && this.fields[0]?.trim() === '')) out.push({ line: this.recordLine, fields: this.fields });
    }
    this.fields = [];
    this.field = '';
    this.fieldStarted = false;
  }
}

/** Chooses the delimiter that splits the sample's lines into the same, largest number of fields. */
export function detectDelimiter(sample: string): string {
  const lines = sample
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 30);
  let best = ',';
  let bestScore = -1;
  for (const d of [',', ';', '\t', '|']) {
    const counts = lines.map((l) => {
      const recs: CsvRecord[] = [];
      const r = new CsvReader(d);
      r.push(l, recs);
      r.end(recs);
      return recs[0]?.fields.length ?? 1;
    });
    if (counts.length === 0) continue;
    const first = counts[0] ?? 1;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = first > 1 ? consistent * 100 + first : 0;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}
