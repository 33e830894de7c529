import type { Db } from '@tessera/core';
import { mul, type Dec } from '../decimal/fixed-decimal.ts';
import { tradingErrors } from '../errors.ts';
import { fxRateAt } from '../fx/fx-repository.ts';
import type { PortfolioRow } from '../portfolio/portfolio-repository.ts';
import { valuePortfolio } from '../portfolio/portfolio-service.ts';

/** When a user has never named one: the currency of their first portfolio, or USD. */
export function defaultRiskCurrency(portfolios: readonly { quote_currency: string }[]): string {
  return portfolios[0]?.quote_currency ?? 'USD';
}

export function riskCurrencyOf(limits: { currency?: string | null }, portfolios: readonly { quote_currency: string }[]): string {
  return limits.currency ?? defaultRiskCurrency(portfolios);
}

/**
 * Converts amounts into the risk currency with the rate in force at `at` (the check time). A
 * missing rate throws TRADING_FX_RATE_MISSING, a 4xx the fail-closed check passes through, so the
 * order is refused and stored as rejected with the pair as its reason; it is never taken as 1.
 */
export function riskConverter(db: Db, orgId: string, riskCurrency: string, at: Date) {
  const rates = new Map<string, Dec>();
  const rateOf = async (from: string): Promise<Dec> => {
    const known = rates.get(from);
    if (known !== undefined) return known;
    const rate = await fxRateAt(db, orgId, from, riskCurrency, at);
    if (rate === null) {
      const pair = `${from}/${riskCurrency}`;
      throw tradingErrors.TRADING_FX_RATE_MISSING({
        message: `No ${pair} rate at or before ${at.toISOString()}: risk limits are in ${riskCurrency}, so the order cannot be checked.`,
        details: { reasons: [`no ${pair} rate at or before ${at.toISOString()} to measure risk in ${riskCurrency}`], pair, at: at.toISOString() },
      });
    }
    rates.set(from, rate);
    return rate;
  };
  return { rateOf, convert: async (amount: Dec, from: string): Promise<Dec> => mul(amount, await rateOf(from)) };
}

/**
 * Total P&L (realized + unrealized) over all of a user's portfolios, each converted into the risk
 * currency. A missing price throws (the check then fails closed); so does a missing FX rate.
 */
export async function riskEquityOf(db: Db, orgId: string, portfolios: PortfolioRow[], convert: (amount: Dec, from: string) => Promise<Dec>): Promise<Dec> {
  let total = 0n;
  for (const p of portfolios) {
    const { valuation } = await valuePortfolio(db, orgId, p);
    if (valuation.unrealized === null) throw new Error(`no price for ${valuation.missingPrices.join(', ')}`);
    const pnl = valuation.realized + valuation.unrealized;
    // Zero is zero in any currency: an empty portfolio needs no rate.
    if (pnl !== 0n) total += await convert(pnl, p.quote_currency);
  }
  return total;
}
