import { sql } from 'drizzle-orm';
import type { DemoSeedContext } from '@tessera/core';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import { insertPortfolio, upsertAsset } from '../portfolio/portfolio-repository.ts';
import { insertCandles } from '../portfolio/price-repository.ts';
import { DEMO_ASSETS, syntheticCandles } from '../portfolio/synthetic-feed.ts';
import { bookTrades, type TradeInput } from '../portfolio/trade-booking.ts';
import { insertLimits } from '../risk/risk-repository.ts';
import { generateProfiles } from '../synthetic/trader-profiles.ts';

const DAYS = 180;

/**
 * Demo data for `oh-my-coins`: 180 days of the deterministic synthetic feed for five coins, the
 * demo user's portfolio filled by the first synthetic trader profile (weekly buys, a few partial
 * exits), their limits, and two paper strategies. One transaction; well under a second on PGlite.
 */
export async function seedTradingDemo({ platform, orgId, userId }: DemoSeedContext): Promise<void> {
  const end = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const from = end - (DAYS - 1) * 86_400_000;
  const profile = generateProfiles(1, 2024)[0]!;
  await platform.database.db.transaction(async (tx) => {
    const closes = new Map<string, string[]>();
    for (const a of DEMO_ASSETS) {
      await upsertAsset(tx, orgId, a.symbol, a.name, 'crypto');
      const candles = syntheticCandles(a.symbol, a.start, from, DAYS, 42);
      closes.set(
        a.symbol,
        candles.map((c) => c.close),
      );
      await insertCandles(tx, orgId, candles, 'synthetic');
    }
    const portfolio = await insertPortfolio(tx, orgId, userId, { name: 'Long-term', quoteCurrency: 'USD', costMethod: 'fifo' });
    const trades: TradeInput[] = [];
    const held = new Map<string, bigint>();
    for (let d = 0; d < DAYS - 1; d += 7) {
      for (const [k, asset] of ['BTC', 'ETH', 'SOL'].entries()) {
        const price = parseDec(closes.get(asset)![d]!);
        const at = new Date(from + d * 86_400_000 + (10 + k) * 3_600_000).toISOString();
        const spend = parseDec(k === 0 ? '150' : '80');
        const qty = (spend * 10n ** 8n) / price; // in 1e-8 units
        if (qty <= 0n) continue;
        const q = qty * 10n ** 10n;
        trades.push({
          asset,
          side: 'buy',
          quantity: formatDec(q),
          price: formatDec(price),
          fee: '0.15',
          executedAt: at,
          venue: 'demo',
          externalId: `demo-${asset}-${d}-buy`,
        });
        held.set(asset, (held.get(asset) ?? 0n) + q);
        if (d > 0 && d % 35 === 0) {
          const sellQ = (held.get(asset)! / 3n / 10n ** 10n) * 10n ** 10n;
          if (sellQ > 0n) {
            trades.push({
              asset,
              side: 'sell',
              quantity: formatDec(sellQ),
              price: formatDec(price),
              fee: '0.1',
              executedAt: new Date(Date.parse(at) + 3_600_000).toISOString(),
              venue: 'demo',
              externalId: `demo-${asset}-${d}-sell`,
            });
            held.set(asset, held.get(asset)! - sellQ);
          }
        }
      }
    }
    await bookTrades(tx, orgId, portfolio, trades, 'demo');
    await insertLimits(
      tx,
      orgId,
      userId,
      { max_position_notional: '20000', max_order_notional: '2500', max_open_orders: profile.limits.maxOpenOrders, max_daily_loss: '1500', currency: 'USD' },
      'demo-seed',
    );
    const bots = await insertPortfolio(tx, orgId, userId, { name: 'Paper bots', quoteCurrency: 'USD', costMethod: 'hifo' });
    await tx.execute(sql`insert into trading.strategies (org_id, user_id, portfolio_id, name, kind, asset, params, max_exposure) values
      (${orgId}, ${userId}, ${bots.id}, 'Weekly BTC DCA', 'dca', 'BTC', ${JSON.stringify({ quoteAmount: '100', everyDays: 7 })}::jsonb, 5000),
      (${orgId}, ${userId}, ${bots.id}, 'ETH 5/20 crossover', 'ma_crossover', 'ETH', ${JSON.stringify({ fast: 5, slow: 20, quoteAmount: '500' })}::jsonb, 3000)`);
  });
}
