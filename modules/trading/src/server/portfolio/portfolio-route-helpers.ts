import { Type } from 'typebox';
import { coreErrors, type Platform } from '@tessera/core';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import { findPortfolio, type PortfolioRow } from './portfolio-repository.ts';

/** Access levels and shared pieces of the portfolio, trade, transfer and price routes. */
export const read = { role: 'viewer', scope: 'trading:read' } as const;
export const write = { role: 'member', scope: 'trading:write' } as const;
export const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

/** A decimal as text in its canonical form. */
export const norm = (t: string) => formatDec(parseDec(t));

export const portfolioView = (p: PortfolioRow) => ({
  id: p.id,
  name: p.name,
  quoteCurrency: p.quote_currency,
  costMethod: p.cost_method,
  createdAt: new Date(p.created_at).toISOString(),
});

export async function requirePortfolio(db: Platform['database']['db'], orgId: string, userId: string, id: string): Promise<PortfolioRow> {
  const p = await findPortfolio(db, orgId, userId, id);
  if (!p) throw coreErrors.RESOURCE_NOT_FOUND();
  return p;
}
