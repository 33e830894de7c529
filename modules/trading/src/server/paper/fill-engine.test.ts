import { describe, expect, it } from 'vitest';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import { fillAgainst } from './fill-engine.ts';

const candle = { open: parseDec('100'), high: parseDec('110'), low: parseDec('90'), close: parseDec('105'), volume: parseDec('20') };

describe('paper fills', () => {
  it('market buys pay slippage and a quote fee', () => {
    const f = fillAgainst({ side: 'buy', type: 'market', remaining: parseDec('1'), limitPrice: null }, candle)!;
    expect(formatDec(f.price)).toBe('105.105');
    expect(formatDec(f.fee)).toBe('0.105105');
  });
  it('limit orders fill only when the candle trades through the limit, at the limit', () => {
    expect(fillAgainst({ side: 'buy', type: 'limit', remaining: parseDec('1'), limitPrice: parseDec('85') }, candle)).toBeNull();
    expect(formatDec(fillAgainst({ side: 'sell', type: 'limit', remaining: parseDec('1'), limitPrice: parseDec('108') }, candle)!.price)).toBe('108');
  });
  it('volume caps a fill, leaving a partial fill', () => {
    const f = fillAgainst({ side: 'buy', type: 'market', remaining: parseDec('5'), limitPrice: null }, candle)!;
    expect(formatDec(f.quantity)).toBe('2');
  });
});
