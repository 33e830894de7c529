import { describe, expect, it } from 'vitest';
import { parseDec } from '../decimal/fixed-decimal.ts';
import { preTradeCheck, type PreTradeInput } from './pre-trade-check.ts';

const base = (o: Partial<PreTradeInput> = {}): PreTradeInput => ({
  side: 'buy',
  quantity: parseDec('1'),
  price: parseDec('100'),
  limits: { version: 1, maxPositionNotional: parseDec('1000'), maxOrderNotional: parseDec('500'), maxOpenOrders: 3, maxDailyLoss: parseDec('50') },
  heldQuantity: 0n,
  pendingBuyQuantity: 0n,
  pendingSellQuantity: 0n,
  openOrders: 0,
  equity: 0n,
  dayPeakEquity: 0n,
  userKill: 'off',
  globalKill: 'off',
  strategy: null,
  ...o,
});

describe('pre-trade check', () => {
  it('accepts an order inside every limit', () => {
    expect(preTradeCheck(base())).toMatchObject({ ok: true });
  });
  it('counts held and pending quantity towards the position limit', () => {
    const r = preTradeCheck(base({ heldQuantity: parseDec('5'), pendingBuyQuantity: parseDec('4.5') }));
    expect(r).toMatchObject({ ok: false, code: 'TRADING_RISK_REJECTED' });
  });
  it('limits order notional, open orders and strategy exposure', () => {
    expect(preTradeCheck(base({ quantity: parseDec('6') })).ok).toBe(false);
    expect(preTradeCheck(base({ openOrders: 3 })).ok).toBe(false);
    expect(preTradeCheck(base({ strategy: { maxExposure: parseDec('150'), exposure: parseDec('60') } })).ok).toBe(false);
  });
  it('measures daily loss from the peak, not from the start of the day', () => {
    // Up 100 at the peak, now up 40: a 60 drawdown though the day is still positive.
    const r = preTradeCheck(base({ dayPeakEquity: parseDec('100'), equity: parseDec('40') }));
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.reasons.join()).toMatch(/daily loss/);
    // Reducing is still allowed.
    expect(preTradeCheck(base({ side: 'sell', heldQuantity: parseDec('2'), dayPeakEquity: parseDec('100'), equity: parseDec('40') })).ok).toBe(true);
  });
  it('soft halt allows only reducing orders; hard halt allows none', () => {
    expect(preTradeCheck(base({ userKill: 'soft' }))).toMatchObject({ ok: false, code: 'TRADING_KILL_SWITCH_ACTIVE' });
    expect(preTradeCheck(base({ userKill: 'soft', side: 'sell', heldQuantity: parseDec('1') }))).toMatchObject({ ok: true, reduceOnly: true });
    expect(preTradeCheck(base({ userKill: 'soft', side: 'sell', heldQuantity: parseDec('1'), pendingSellQuantity: parseDec('0.5') })).ok).toBe(false);
    expect(preTradeCheck(base({ globalKill: 'hard', side: 'sell', heldQuantity: parseDec('1') }))).toMatchObject({
      ok: false,
      code: 'TRADING_KILL_SWITCH_ACTIVE',
    });
  });
});
