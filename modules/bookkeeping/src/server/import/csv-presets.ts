import type { ColumnMapping } from './import-types.ts';

/** Layouts of known exports; anything else is detected from headers and content. */
export const CSV_PRESETS: Record<string, ColumnMapping> = {
  'chase-checking': { hasHeader: true, date: 'Posting Date', dateFormat: 'M/D/Y', amount: 'Amount', description: 'Description', reference: 'Check or Slip #' },
  paypal: { hasHeader: true, date: 'Date', dateFormat: 'M/D/Y', amount: 'Net', description: 'Item Title', counterparty: 'Name', reference: 'Transaction ID' },
  stripe: { hasHeader: true, date: 'created_utc', dateFormat: 'Y-M-D', amount: 'net', description: 'description', reference: 'balance_transaction_id' },
  csb43: { hasHeader: true, date: 'transaction_date', dateFormat: 'Y-M-D', amount: 'amount', description: 'item1', reference: 'reference1' },
  'hledger-sample': { hasHeader: false, date: 0, dateFormat: 'D/Y/M', description: 1, inflow: 2, outflow: 3 },
  'european-decimal-comma': { decimalComma: true, dateFormat: 'D/M/Y' },
};

const HEADER_PATTERNS: Record<'date' | 'amount' | 'inflow' | 'outflow' | 'description' | 'counterparty' | 'reference', RegExp[]> = {
  date: [/^(posting |transaction |booking |value )?date$/i, /^(fecha|datum|date op[ée]ration)$/i, /transaction_?date|posted/i, /date|created/i],
  amount: [/^amount$/i, /^(montant|importe|betrag|bedrag|amount \(\w+\))$/i, /^net$/i, /amount/i, /^gross$/i],
  inflow: [/^(credit|credits|deposit|deposits|paid in|money in|in|inflow|cr[ée]dit|recette)$/i],
  outflow: [/^(debit|debits|withdrawal|withdrawals|paid out|money out|out|outflow|d[ée]bit|d[ée]pense)$/i],
  description: [/^description$/i, /^(memo|remarque|libell[ée]|concepto|narrative|transaction details|item title|item1|details)$/i, /desc|memo|libell/i],
  counterparty: [/^(name|payee|counterparty|merchant|beneficiary|tiers|counter party)$/i],
  reference: [/^(reference|ref|fitid|transaction id|balance_transaction_id|id|reference1|check or slip #)$/i, /transaction.?id|reference/i],
};

/** Maps header names to columns, taking each pattern in priority order across all headers. */
export function mappingFromHeaders(headers: readonly string[]): ColumnMapping {
  const used = new Set<number>();
  const pick = (key: keyof typeof HEADER_PATTERNS): number | undefined => {
    for (const re of HEADER_PATTERNS[key]) {
      const i = headers.findIndex((h, idx) => !used.has(idx) && re.test(h.trim()));
      if (i >= 0) {
        used.add(i);
        return i;
      }
    }
    return undefined;
  };
  const m: ColumnMapping = { hasHeader: true };
  const date = pick('date');
  if (date !== undefined) m.date = date;
  const amount = pick('amount');
  if (amount !== undefined) m.amount = amount;
  else {
    const inflow = pick('inflow');
    const outflow = pick('outflow');
    if (inflow !== undefined) m.inflow = inflow;
    if (outflow !== undefined) m.outflow = outflow;
  }
  const description = pick('description');
  if (description !== undefined) m.description = description;
  const counterparty = pick('counterparty');
  if (counterparty !== undefined) m.counterparty = counterparty;
  const reference = pick('reference');
  if (reference !== undefined) m.reference = reference;
  return m;
}
