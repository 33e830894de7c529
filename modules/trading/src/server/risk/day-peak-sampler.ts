import type { Db } from '@tessera/core';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import { listPortfolios } from '../portfolio/portfolio-repository.ts';
import { riskConverter, riskCurrencyOf, riskEquityOf } from './risk-currency.ts';
import { currentLimits, lockRiskState, raiseDayPeak, riskStatesOfDay } from './risk-repository.ts';

/**
 * The day's peak equity is sampled at every order check, and here on every paper-market run too,
 * so a rise between two orders (new candles, fills) counts: the daily loss is then measured from
 * that higher peak. Only users who traded today have a peak to raise. A user whose equity cannot
 * be measured now (missing price or rate) is skipped; their next order fails closed anyway.
 */
export async function sampleDayPeaks(db: Db, now: Date, orgId?: string): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  let raised = 0;
  for (const r of await riskStatesOfDay(db, today, orgId)) {
    try {
      raised += await db.transaction(async (tx) => {
        const state = await lockRiskState(tx, r.org_id, r.user_id);
        if (state.day !== today || state.day_peak_equity === null) return 0;
        const portfolios = await listPortfolios(tx, r.org_id, r.user_id);
        const currency = riskCurrencyOf(await currentLimits(tx, r.org_id, r.user_id), portfolios);
        if ((state.day_peak_currency ?? currency) !== currency) return 0;
        const equity = await riskEquityOf(tx, r.org_id, portfolios, riskConverter(tx, r.org_id, currency, now).convert);
        if (equity <= parseDec(state.day_peak_equity)) return 0;
        await raiseDayPeak(tx, r.org_id, r.user_id, formatDec(equity));
        return 1;
      });
    } catch {
      // Unmeasurable now: leave the peak; the order-time check rejects while it stays so.
    }
  }
  return raised;
}
