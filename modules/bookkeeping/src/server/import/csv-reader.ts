/**
 * Incremental RFC 4180 reader: feed text chunks, get complete records with the physical line
 * each began on. Quoted fields may hold delimiters, doubled quotes and newlines.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

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
    const d = this.delimiter;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (this.lastWasCr) {
        this.lastWasCr = false;
        if (ch === '\n') continue;
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false;
        } else if (ch === '"') {
          this.quotePending = true;
          continue;
        } else {
          if (ch === '\n') this.line++;
          this.field += ch;
          continue;
        }
      }
      if (ch === d) {
        this.fields.push(this.field);
        this.field = '';
        this.fieldStarted = true;
      } else if (ch === '\n' || ch === '\r') {
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        if (ch === '\r') this.lastWasCr = true;
      } else if (ch === '"' && this.field === '') {
        this.inQuotes = true;
        this.fieldStarted = true;
      } else {
        this.field += ch;
        this.fieldStarted = true;
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
