import { recordAudit, type AuditActor, type Db } from '@tessera/core';
import { formatDec, mul, parseDec } from '../decimal/fixed-decimal.ts';
import { tradingErrors } from '../errors.ts';
import { fxRateAt, priceCurrencies } from '../fx/fx-repository.ts';
import { insertTransfer, knownAssets, type PortfolioRow } from './portfolio-repository.ts';
import { closeAt } from './price-repository.ts';
import { bookTrades } from './trade-booking.ts';

export interface TransferInput {
  kind: 'deposit' | 'withdrawal';
  asset: string;
  amount: string;
  at: Date;
  note: string | null;
}

/**
 * Records a deposit or withdrawal. Quote currency is cash. Any other asset moves holdings at its
 * market value: the latest close at or before the transfer (converted at the rate in force then),
 * booked as a trade with source 'transfer' (in = acquired at that value, out = disposed of at it,
 * so a transfer out beyond holdings is refused like a sell) and counted as an external flow of
 * that value by the returns. No price or rate at that time: refused, nothing written.
 */
export async function bookTransfer(tx: Db, orgId: string, p: PortfolioRow, actor: AuditActor, t: TransferInput): Promise<string> {
  let tradeId: string | null = null;
  if (t.asset !== p.quote_currency) {
    if (!(await knownAssets(tx, orgId, [t.asset])).has(t.asset)) throw tradingErrors.TRADING_UNKNOWN_ASSET({ details: { assets: [t.asset] } });
    const close = await closeAt(tx, orgId, t.asset, t.at);
    if (close === null)
      throw tradingErrors.TRADING_PRICE_MISSING({ message: `No ${t.asset} price at or before ${t.at.toISOString()} to value the transfer at.` });
    const currency = (await priceCurrencies(tx, orgId, [t.asset])).get(t.asset) ?? p.quote_currency;
    const rate = await fxRateAt(tx, orgId, currency, p.quote_currency, t.at);
    if (rate === null) throw tradingErrors.TRADING_FX_RATE_MISSING({ details: { pair: `${currency}/${p.quote_currency}`, at: t.at.toISOString() } });
    const price = formatDec(mul(parseDec(close), rate));
    const booked = await bookTrades(
      tx,
      orgId,
      p,
      [
        {
          asset: t.asset,
          side: t.kind === 'deposit' ? 'buy' : 'sell',
          quantity: t.amount,
          price,
          fee: '0',
          feeAsset: p.quote_currency,
          executedAt: t.at.toISOString(),
          venue: 'transfer',
          externalId: null,
        },
      ],
      'transfer',
    );
    tradeId = booked.ids[0] ?? null;
  }
  const id = await insertTransfer(tx, orgId, p.id, { ...t, tradeId });
  await recordAudit(tx, orgId, actor, {
    action: `trading.transfer.${t.kind}`,
    targetType: 'portfolio',
    targetId: p.id,
    data: { asset: t.asset, amount: t.amount, tradeId },
  });
  return id;
}
