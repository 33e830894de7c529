import { createHash } from 'node:crypto';
import { isDecText } from '../decimal/fixed-decimal.ts';
import { tradingErrors } from '../errors.ts';
import type { Candle } from './price-repository.ts';
import { parseCsv } from './csv-parser.ts';
import type { TradeInput } from './trade-booking.ts';

function malformed(line: number, message: string): Error {
  return tradingErrors.TRADING_IMPORT_MALFORMED({ message: `line ${line}: ${message}`, details: { line } });
}

function rowsOf(csv: string): string[][] {
  try {
    return parseCsv(csv);
  } catch (err) {
    throw tradingErrors.TRADING_IMPORT_MALFORMED({ message: err instanceof Error ? err.message : 'unreadable CSV' });
  }
}

/** Money as exchanges print it ("$1,234.50", "1234.5") to plain decimal text. */
function money(raw: string | undefined, line: number, field: string): string {
  const v = (raw ?? '').trim().replace(/^\$/, '').replace(/,/g, '').replace(/^-\$/, '-');
  if (!isDecText(v)) throw malformed(line, `${field} "${(raw ?? '').slice(0, 40)}" is not a decimal`);
  return v.startsWith('-') ? v.slice(1) : v;
}

function parseTime(raw: string, line: number): Date {
  const s = raw.trim();
  const d = /^\d{9,13}$/.test(s)
    ? new Date(s.length <= 10 ? Number(s) * 1000 : Number(s))
    : new Date(s.replace(' UTC', 'Z').replace(/^(\d{4}-\d\d-\d\d) /, '$1T'));
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 2009 || d.getUTCFullYear() > 2100) throw malformed(line, `"${s.slice(0, 40)}" is not a timestamp`);
  return d;
}

/**
 * Coinbase transaction-history export. Buys and sells become trades; other types (send, receive,
 * staking) are counted as skipped. The ID column is the external id; exports without one get a
 * stable hash of the row so re-importing the same file is still detected as a duplicate.
 */
export function parseCoinbaseCsv(csv: string, quote: string): { trades: TradeInput[]; skipped: number } {
  const all = rowsOf(csv);
  const headerAt = all.findIndex((r) => r.includes('Timestamp') && r.includes('Transaction Type'));
  if (headerAt < 0)
    throw tradingErrors.TRADING_IMPORT_MALFORMED({ message: 'no Coinbase header row (Timestamp, Transaction Type, Asset, Quantity Transacted, ...)' });
  const h = all[headerAt]!;
  const col = (...names: string[]) => names.map((n) => h.indexOf(n)).find((i) => i >= 0) ?? -1;
  const iId = col('ID');
  const iTime = col('Timestamp');
  const iType = col('Transaction Type');
  const iAsset = col('Asset');
  const iQty = col('Quantity Transacted');
  const iCur = col('Spot Price Currency', 'Price Currency');
  const iPrice = col('Spot Price at Transaction', 'Price at Transaction');
  const iFee = col('Fees and/or Spread', 'Fees');
  if ([iTime, iType, iAsset, iQty, iPrice].some((i) => i < 0))
    throw tradingErrors.TRADING_IMPORT_MALFORMED({ message: 'the Coinbase header lacks a required column' });
  const trades: TradeInput[] = [];
  let skipped = 0;
  for (let k = headerAt + 1; k < all.length; k++) {
    const r = all[k]!;
    const line = k + 1;
    const type = (r[iType] ?? '').trim().toLowerCase();
    const side = /(^|\s)buy$/.test(type) ? 'buy' : /(^|\s)sell$/.test(type) ? 'sell' : null;
    if (!side) {
      skipped++;
      continue;
    }
    const asset = (r[iAsset] ?? '').trim().toUpperCase();
    if (!/^[A-Z0-9]{2,12}$/.test(asset)) throw malformed(line, `asset "${asset.slice(0, 20)}" is not a symbol`);
    const currency = iCur >= 0 ? (r[iCur] ?? '').trim().toUpperCase() : quote;
    const rawId = iId >= 0 ? (r[iId] ?? '').trim() : '';
    const id = rawId ? rawId : `cb-${createHash('sha256').update(r.join('\u0001')).digest('hex').slice(0, 24)}`;
    trades.push({
      asset,
      side,
      quantity: money(r[iQty], line, 'Quantity Transacted'),
      price: money(r[iPrice], line, 'Price at Transaction'),
      fee: iFee >= 0 && (r[iFee] ?? '').trim() ? money(r[iFee], line, 'Fees') : '0',
      feeAsset: currency,
      quote: currency,
      executedAt: parseTime(r[iTime] ?? '', line).toISOString(),
      venue: 'coinbase',
      externalId: id.slice(0, 200),
    });
  }
  return { trades, skipped };
}

/** OHLCV CSV with a header `timestamp,open,high,low,close,volume` (epoch s/ms or ISO times). */
export function parseOhlcvCsv(csv: string, asset: string): Candle[] {
  const all = rowsOf(csv);
  const h = (all[0] ?? []).map((x) => x.trim().toLowerCase());
  const need = ['timestamp', 'open', 'high', 'low', 'close'];
  const idx = need.map((n) => h.indexOf(n === 'timestamp' && !h.includes('timestamp') ? 'time' : n));
  if (idx.some((i) => i < 0))
    throw tradingErrors.TRADING_IMPORT_MALFORMED({ message: 'header must name timestamp, open, high, low, close (and optionally volume)' });
  const iVol = h.indexOf('volume');
  const out: Candle[] = [];
  const seen = new Set<number>();
  for (let k = 1; k < all.length; k++) {
    const r = all[k]!;
    const line = k + 1;
    const [o, hi, lo, c] = [1, 2, 3, 4].map((j) => {
      const v = (r[idx[j]!] ?? '').trim();
      if (!isDecText(v)) throw malformed(line, `"${v.slice(0, 30)}" is not a decimal`);
      if (v.startsWith('-')) throw malformed(line, 'prices cannot be negative');
      return v;
    }) as [string, string, string, string];
    const vol = iVol >= 0 ? (r[iVol] ?? '0').trim() || '0' : '0';
    if (!isDecText(vol) || vol.startsWith('-')) throw malformed(line, 'volume must be a non-negative decimal');
    const ts = parseTime(r[idx[0]!] ?? '', line);
    if (seen.has(ts.getTime())) throw malformed(line, 'duplicate timestamp');
    seen.add(ts.getTime());
    out.push({ asset, ts, open: o, high: hi, low: lo, close: c, volume: vol });
  }
  if (!out.length) throw tradingErrors.TRADING_IMPORT_MALFORMED({ message: 'no rows' });
  return out;
}
