import type { DateFormat } from './money-parse.ts';

/** Where a column is: its 0-based index or its header name. */
export type ColumnRef = number | string;

export interface ColumnMapping {
  delimiter?: string;
  hasHeader?: boolean;
  date?: ColumnRef;
  dateFormat?: DateFormat;
  amount?: ColumnRef;
  inflow?: ColumnRef;
  outflow?: ColumnRef;
  description?: ColumnRef;
  counterparty?: ColumnRef;
  reference?: ColumnRef;
  decimalComma?: boolean;
  /** Card exports often show charges as positive numbers. */
  negate?: boolean;
}

export type FileEncoding = 'utf-8' | 'iso-8859-1' | 'windows-1252';

export interface ParseOptions {
  fileName: string;
  preset?: string;
  mapping?: ColumnMapping;
  encoding?: FileEncoding;
}

export interface ParsedLine {
  line: number;
  date: string;
  amountCents: bigint;
  description: string;
  counterparty: string;
  bankRef: string | null;
  raw: string;
}

export interface LineError {
  line: number;
  message: string;
}

/** A file that cannot be imported; `errors` name the lines. */
export class ImportFileError extends Error {
  readonly fileName: string;
  readonly errors: LineError[];
  constructor(fileName: string, errors: LineError[]) {
    const first = errors[0];
    super(
      first ? `${fileName}, line ${first.line}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}` : `${fileName}: invalid file`,
    );
    this.fileName = fileName;
    this.errors = errors;
  }
}

export const MAX_LINE_ERRORS = 50;
