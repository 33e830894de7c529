import { describe, expect, it } from 'vitest';
import { div, divRound, formatDec, formatFixed, mul, parseDec } from './fixed-decimal.ts';

describe('BigInt fixed-point decimals (18 places)', () => {
  it('round-trips text exactly, including 18-place values and negatives', () => {
    for (const s of ['0', '1', '-1', '0.1', '123456789012345678901234567890.123456789012345678', '-0.000000000000000001'])
      expect(formatDec(parseDec(s))).toBe(s);
    expect(formatDec(parseDec('1.50'))).toBe('1.5');
  });
  it('adds 0.1 + 0.2 to exactly 0.3 (floats give 0.30000000000000004)', () => {
    expect(formatDec(parseDec('0.1') + parseDec('0.2'))).toBe('0.3');
  });
  it('refuses exponents, 19 places, empty and junk', () => {
    for (const s of ['1e5', '0.0000000000000000001', '', 'abc', '1.2.3', 'NaN', 'Infinity', '--1']) expect(() => parseDec(s)).toThrow();
  });
  it('multiplies exactly when the product fits 18 places and rounds half-to-even otherwise', () => {
    expect(formatDec(mul(parseDec('0.00000001'), parseDec('12345.6789')))).toBe('0.000123456789');
    expect(formatDec(mul(parseDec('0.000000001'), parseDec('0.0000000005')))).toBe('0');
    expect(formatDec(mul(parseDec('0.000000001'), parseDec('0.0000000015')))).toBe('0.000000000000000002');
    expect(formatDec(div(parseDec('1'), parseDec('3')))).toBe('0.333333333333333333');
    expect(formatDec(div(parseDec('2'), parseDec('3')))).toBe('0.666666666666666667');
  });
  it('rounds half-to-even in both directions and formats fixed places', () => {
    expect(divRound(5n, 2n)).toBe(2n);
    expect(divRound(7n, 2n)).toBe(4n);
    expect(divRound(-5n, 2n)).toBe(-2n);
    expect(divRound(-7n, 2n)).toBe(-4n);
    expect(formatFixed(parseDec('2.345'), 2)).toBe('2.34');
    expect(formatFixed(parseDec('-2.355'), 2)).toBe('-2.36');
    expect(formatFixed(parseDec('3'), 2)).toBe('3.00');
  });
});
