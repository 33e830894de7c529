import { useState } from 'react';
import { s } from './bookkeeping-styles.ts';

/** What the upload sends besides the file: a bank preset, an encoding, a column mapping (JSON). */
export interface ImportOptions {
  preset?: string;
  encoding?: 'utf-8' | 'iso-8859-1' | 'windows-1252';
  mapping?: string;
}

const PRESETS = ['chase-checking', 'paypal', 'stripe', 'csb43', 'hledger-sample', 'european-decimal-comma'];
const DATE_FORMATS = ['Y-M-D', 'M/D/Y', 'D/M/Y', 'D/Y/M', 'YMD'];
const COLUMNS = ['date', 'amount', 'inflow', 'outflow', 'description', 'counterparty'] as const;
const LABELS: Record<(typeof COLUMNS)[number], string> = {
  date: 'Date column',
  amount: 'Amount column (signed)',
  inflow: 'Money in column',
  outflow: 'Money out column',
  description: 'Description column',
  counterparty: 'Counterparty column',
};

/** A column given as a number is its 0-based position, anything else its header name. */
const columnRef = (v: string): string | number => (/^\d+$/.test(v.trim()) ? Number(v) : v.trim());

/**
 * Detection handles most exports; for the rest the reader picks a preset or maps the columns by
 * header name or position (date format, signed amount or separate in/out columns, decimal comma,
 * charges shown positive).
 */
export function ImportOptionsForm({ onChange }: { onChange: (o: ImportOptions) => void }) {
  const [preset, setPreset] = useState('');
  const [encoding, setEncoding] = useState('');
  const [cols, setCols] = useState<Record<string, string>>({});
  const [dateFormat, setDateFormat] = useState('');
  const [decimalComma, setDecimalComma] = useState(false);
  const [negate, setNegate] = useState(false);
  const emit = (next: { preset?: string; encoding?: string; cols?: Record<string, string>; dateFormat?: string; decimalComma?: boolean; negate?: boolean }) => {
    const v = { preset, encoding, cols, dateFormat, decimalComma, negate, ...next };
    const mapping: Record<string, unknown> = {};
    for (const [k, text] of Object.entries(v.cols)) if (text.trim()) mapping[k] = columnRef(text);
    if (v.dateFormat) mapping.dateFormat = v.dateFormat;
    if (v.decimalComma) mapping.decimalComma = true;
    if (v.negate) mapping.negate = true;
    onChange({
      ...(v.preset ? { preset: v.preset } : {}),
      ...(v.encoding ? { encoding: v.encoding as ImportOptions['encoding'] } : {}),
      ...(Object.keys(mapping).length ? { mapping: JSON.stringify(mapping) } : {}),
    });
  };
  return (
    <details style={{ marginTop: 8 }}>
      <summary>Bank preset, encoding and column mapping</summary>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, marginTop: 8 }}>
        <label>
          Preset{' '}
          <select aria-label="Bank preset" value={preset} onChange={(e) => (setPreset(e.target.value), emit({ preset: e.target.value }))}>
            <option value="">detect</option>
            {PRESETS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          Encoding{' '}
          <select aria-label="Encoding" value={encoding} onChange={(e) => (setEncoding(e.target.value), emit({ encoding: e.target.value }))}>
            <option value="">detect</option>
            <option value="utf-8">UTF-8</option>
            <option value="iso-8859-1">ISO-8859-1</option>
            <option value="windows-1252">Windows-1252</option>
          </select>
        </label>
        {COLUMNS.map((c) => (
          <label key={c}>
            {LABELS[c]}{' '}
            <input
              aria-label={LABELS[c]}
              style={{ width: 110 }}
              placeholder="header or 0-based #"
              value={cols[c] ?? ''}
              onChange={(e) => {
                const next = { ...cols, [c]: e.target.value };
                setCols(next);
                emit({ cols: next });
              }}
            />
          </label>
        ))}
        <label>
          Date format{' '}
          <select aria-label="Date format" value={dateFormat} onChange={(e) => (setDateFormat(e.target.value), emit({ dateFormat: e.target.value }))}>
            <option value="">detect</option>
            {DATE_FORMATS.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={decimalComma} onChange={(e) => (setDecimalComma(e.target.checked), emit({ decimalComma: e.target.checked }))} />{' '}
          decimal comma (1.234,56)
        </label>
        <label>
          <input type="checkbox" checked={negate} onChange={(e) => (setNegate(e.target.checked), emit({ negate: e.target.checked }))} /> charges are positive
          (card export)
        </label>
      </div>
      <p style={s.muted}>Leave a field empty to let the reader detect it from the headers and the values.</p>
    </details>
  );
}
