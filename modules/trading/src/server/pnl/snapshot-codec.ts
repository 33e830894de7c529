import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import type { PositionSnapshot } from './portfolio-book.ts';

/** A position snapshot with decimals as text: how it is stored (jsonb) and sent between threads. */
export interface EncodedSnapshot {
  asset: string;
  quantity: string;
  costBasis: string;
  realized: string;
  fees: string;
  invested: string;
  tradeCount: number;
  lastTime: number;
  openedAt: number | null;
  lots: [qty: string, cost: string, seq: number][];
}

export function encodeSnapshot(s: PositionSnapshot): EncodedSnapshot {
  return {
    asset: s.asset,
    quantity: formatDec(s.quantity),
    costBasis: formatDec(s.costBasis),
    realized: formatDec(s.realized),
    fees: formatDec(s.fees),
    invested: formatDec(s.invested),
    tradeCount: s.tradeCount,
    lastTime: s.lastTime,
    openedAt: s.openedAt,
    lots: s.lots.map((l) => [formatDec(l.qty), formatDec(l.cost), l.seq]),
  };
}

export function decodeSnapshot(e: EncodedSnapshot): PositionSnapshot {
  return {
    asset: e.asset,
    quantity: parseDec(e.quantity),
    costBasis: parseDec(e.costBasis),
    realized: parseDec(e.realized),
    fees: parseDec(e.fees),
    invested: parseDec(e.invested),
    tradeCount: e.tradeCount,
    lastTime: e.lastTime,
    openedAt: e.openedAt,
    lots: e.lots.map(([q, c, seq]) => ({ qty: parseDec(q), cost: parseDec(c), seq })),
  };
}
