import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import type { OrderView, TradeView } from '../../contracts/index.ts';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import { rows } from '../db/sql-rows.ts';
import { createTradingModule } from '../index.ts';
import { runPaperMarket } from './paper-matcher.ts';
import { bookedFills, expectedFills, paperFixture } from './paper-test-helpers.ts';

let t: TestApp;
let org: TestOrg;
let fx: Awaited<ReturnType<typeof paperFixture>>;
const LATER = new Date('2025-01-13T12:00:00Z');

beforeAll(async () => {
  t = await createTestApp({ modules: [createTradingModule({ paperMarket: false })] });
  org = await t.createOrg();
  fx = await paperFixture(t.app, { authorization: `Bearer ${org.ownerKey}` });
});
afterAll(async () => t?.close());

const norm = (x: string) => formatDec(parseDec(x));

describe('the paper market fills resting orders by itself', () => {
  let big: string;
  let btc: string;
  let never: string;

  it('places limit orders that do not fill against candles older than the order', async () => {
    big = await fx.limitBuy('DOGE', '50000', '1');
    btc = await fx.limitBuy('BTC', '0.5', '200000');
    never = await fx.limitBuy('DOGE', '10', '0.0001');
    const booked = await bookedFills(t.platform.database.db, org.orgId);
    expect(booked.every((o) => o.status === 'open' && o.trades === 0)).toBe(true);
  });

  it('extends the synthetic feed and fills crossed orders at their limit with a quote fee, partially over several candles', async () => {
    const r = await runPaperMarket(t.platform, LATER);
    expect(r.candles).toBe(3 * 5); // three new daily candles for each of the five demo assets
    const want = await expectedFills(t.platform.database.db, org.orgId);
    const booked = new Map((await bookedFills(t.platform.database.db, org.orgId)).map((o) => [o.id, o]));
    for (const [id, qty] of want) {
      expect(norm(booked.get(id)!.filled)).toBe(norm(booked.get(id)!.booked));
      expect(norm(booked.get(id)!.filled)).toBe(formatDec(qty));
    }
    expect(booked.get(btc)).toMatchObject({ status: 'filled', trades: 1 });
    // 50,000 DOGE is more than 10% of three candles' volume (at most 9,000 each): one partial fill per candle.
    expect(booked.get(big)).toMatchObject({ status: 'partially_filled', trades: 3 });
    expect(booked.get(never)).toMatchObject({ status: 'open', trades: 0 });

    const trades = (await fx.inject('GET', `/api/trading/portfolios/${fx.portfolioId}/trades?limit=100`)).json<{ trades: TradeView[] }>().trades;
    const btcTrade = trades.find((x) => x.asset === 'BTC')!;
    // At the limit, fee 10 bps of 0.5 x 200,000 in the quote currency.
    expect(btcTrade).toMatchObject({ side: 'buy', quantity: '0.5', price: '200000', fee: '100', feeAsset: 'USD', source: 'paper' });
    const risk = (await fx.inject('GET', '/api/trading/risk')).json<{ reservedNotional: string; openOrders: number }>();
    const open = (await fx.inject('GET', '/api/trading/orders?status=open,partially_filled')).json<{ orders: OrderView[] }>().orders;
    expect(risk.openOrders).toBe(2);
    expect(risk.reservedNotional).toBe(formatDec(open.reduce((n, o) => n + parseDec(o.reservedNotional), 0n)));
  });

  it('running it again over the same candles fills nothing more', async () => {
    const before = await bookedFills(t.platform.database.db, org.orgId);
    const r = await runPaperMarket(t.platform, LATER);
    expect(r).toEqual({ candles: 0, fills: 0 });
    expect(await bookedFills(t.platform.database.db, org.orgId)).toEqual(before);
  });

  it('never invents candles for imported prices', async () => {
    await fx.inject('POST', '/api/trading/assets', { symbol: 'XRP', name: 'XRP' });
    await fx.inject('POST', '/api/trading/prices/import', { asset: 'XRP', csv: 'timestamp,open,high,low,close,volume\n2025-01-10T00:00:00Z,1,1,1,1,100\n' });
    await runPaperMarket(t.platform, new Date('2025-01-20T00:00:00Z'));
    const n = await rows<{ n: number }>(
      t.platform.database.db,
      sql`select count(*)::int as n from trading.prices where org_id = ${org.orgId} and asset = 'XRP'`,
    );
    expect(n[0]!.n).toBe(1);
  });

  it('runs on a timer: a crossed order fills with no request at all', async () => {
    const timed = await createTestApp({ modules: [createTradingModule({ paperMarket: { intervalMs: 100 } })], testDb: t.testDb });
    try {
      await timed.app.listen({ port: 0, host: '127.0.0.1' });
      const o = await timed.createOrg();
      const f = await paperFixture(timed.app, { authorization: `Bearer ${o.ownerKey}` });
      const id = await f.limitBuy('ETH', '0.25', '100000');
      const deadline = Date.now() + 10_000;
      let status = 'open';
      while (status !== 'filled' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await f.inject('GET', '/api/trading/orders')).json<{ orders: OrderView[] }>().orders.find((x) => x.id === id)!.status;
      }
      expect(status).toBe('filled');
    } finally {
      await timed.close();
    }
  });
});
