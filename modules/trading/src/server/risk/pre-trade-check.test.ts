import { describe, expect, it } from 'vitest';
import { ONE, div, parseDec } from '../decimal/fixed-decimal.ts';
import { preTradeCheck, type PreTradeInput } from './pre-trade-check.ts';

const base = (o: Partial<PreTradeInput> = {}): PreTradeInput => ({
  side: 'buy',
  quantity: parseDec('1'),
  price: parseDec('100'),
  orderCurrency: 'USD',
  riskCurrency: 'USD',
  fxRate: ONE,
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
  it('counts what the user holds in other portfolios towards the position limit, but not as something this portfolio can sell', () => {
    // (5 elsewhere + 4.5 pending + 1) x 100 = 1050 > 1000; without the other portfolio 550 would pass.
    const r = preTradeCheck(base({ heldElsewhereQuantity: parseDec('5'), pendingBuyQuantity: parseDec('4.5') }));
    expect(r).toEqual({ ok: false, code: 'TRADING_RISK_REJECTED', reasons: ['position notional would be 1050 USD > max 1000 USD'] });
    expect(preTradeCheck(base({ side: 'sell', heldElsewhereQuantity: parseDec('5') })).ok).toBe(false);
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

// Hand-computed: limits in USD, an order in a EUR portfolio, EUR/USD 1.1 in force at check time.
const eurOrder = (o: Partial<PreTradeInput> = {}) => base({ orderCurrency: 'EUR', riskCurrency: 'USD', fxRate: parseDec('1.1'), ...o });

describe('pre-trade check across currencies', () => {
  it('converts the order notional: 4 x 100 EUR = 440 USD passes a 500 USD limit, 5 x 100 EUR = 550 USD does not', () => {
    expect(preTradeCheck(eurOrder({ quantity: parseDec('4') }))).toEqual({
      ok: true,
      notional: parseDec('400'),
      riskNotional: parseDec('440'),
      reduceOnly: false,
    });
    // Unconverted, 500 EUR would sit exactly on the 500 limit and pass.
    const r = preTradeCheck(eurOrder({ quantity: parseDec('5') }));
    expect(r).toEqual({ ok: false, code: 'TRADING_RISK_REJECTED', reasons: ['order notional 550 USD > max order notional 500 USD'] });
  });
  it('converts the projected position: (4.5 held + 1) x 100 EUR = 605 USD > 600 USD', () => {
    const limits = { version: 1, maxPositionNotional: parseDec('600'), maxOrderNotional: parseDec('500'), maxOpenOrders: 3, maxDailyLoss: parseDec('50') };
    const r = preTradeCheck(eurOrder({ limits, heldQuantity: parseDec('4.5') }));
    expect(r).toEqual({ ok: false, code: 'TRADING_RISK_REJECTED', reasons: ['position notional would be 605 USD > max 600 USD'] });
    expect(preTradeCheck(eurOrder({ limits, heldQuantity: parseDec('4.4') })).ok).toBe(true); // 594 USD
  });
  it('converts strategy exposure: (60 + 100) EUR = 176 USD against a 170 / 180 USD maximum', () => {
    const r = preTradeCheck(eurOrder({ strategy: { maxExposure: parseDec('170'), exposure: parseDec('60') } }));
    expect(r).toEqual({ ok: false, code: 'TRADING_RISK_REJECTED', reasons: ['strategy exposure would be 176 USD > max 170 USD'] });
    expect(preTradeCheck(eurOrder({ strategy: { maxExposure: parseDec('180'), exposure: parseDec('60') } })).ok).toBe(true);
  });
  it('keeps every digit of a real rate: 0.3 x 42123.45 EUR at 1.0837 = 13694.7548295 USD', () => {
    const limits = { version: 1, maxPositionNotional: parseDec('20000'), maxOrderNotional: parseDec('20000'), maxOpenOrders: 3, maxDailyLoss: parseDec('50') };
    const r = preTradeCheck(eurOrder({ limits, quantity: parseDec('0.3'), price: parseDec('42123.45'), fxRate: parseDec('1.0837') }));
    expect(r).toMatchObject({ ok: true, notional: parseDec('12637.035'), riskNotional: parseDec('13694.7548295') });
  });
  it('uses an inverse rate rounded once at 1e-18: 90 USD in EUR at 1/1.1 = 81.81818181818181819', () => {
    const inverse = div(ONE, parseDec('1.1'));
    expect(inverse).toBe(parseDec('0.909090909090909091'));
    const limits = {
      version: 1,
      maxPositionNotional: parseDec('1000'),
      maxOrderNotional: parseDec('81.818181818181818189'),
      maxOpenOrders: 3,
      maxDailyLoss: parseDec('50'),
    };
    const r = preTradeCheck(base({ limits, price: parseDec('90'), orderCurrency: 'USD', riskCurrency: 'EUR', fxRate: inverse }));
    expect(r).toEqual({
      ok: false,
      code: 'TRADING_RISK_REJECTED',
      reasons: ['order notional 81.81818181818181819 EUR > max order notional 81.818181818181818189 EUR'],
    });
  });
});
