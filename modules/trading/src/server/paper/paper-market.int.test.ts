import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import type { OrderView, TradeView } from '../../contracts/index.ts';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import { rows } from '../db/sql-rows.ts';
import { tradingModule } from '../index.ts';
import { DEFAULT_MATCH, runPaperMarket } from './paper-matcher.ts';
import { bookedFills, expectedFills, paperFixture } from './paper-test-helpers.ts';
import { signInHeaders } from '../risk/risk-test-helpers.ts';

let t: TestApp;
let org: TestOrg;
let fx: Awaited<ReturnType<typeof paperFixture>>;
const LATER = new Date('2025-01-13T12:00:00Z');

beforeAll(async () => {
  t = await createTestApp({ modules: [tradingModule], config: { paperMarketIntervalMs: 0 } });
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
    const timed = await createTestApp({ modules: [tradingModule], config: { paperMarketIntervalMs: 100 }, testDb: t.testDb });
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

  it('with PAPER_MARKET_INTERVAL_MS=0 a listening server fills nothing by itself, and the manual tick still fills', async () => {
    const off = await createTestApp({ modules: [tradingModule], config: { paperMarketIntervalMs: 0 }, testDb: t.testDb });
    try {
      await off.app.listen({ port: 0, host: '127.0.0.1' });
      const o = await off.createOrg();
      const f = await paperFixture(off.app, { authorization: `Bearer ${o.ownerKey}` });
      const id = await f.limitBuy('ETH', '0.25', '100000');
      const statusOf = async () => (await f.inject('GET', '/api/trading/orders')).json<{ orders: OrderView[] }>().orders.find((x) => x.id === id)!.status;
      // Fifteen times the 100 ms interval that fills the same order in the test above.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await statusOf()).toBe('open');
      const tick = await f.inject('POST', '/api/trading/paper/tick');
      expect(tick.statusCode).toBe(200);
      expect(tick.json<{ filled: number }>().filled).toBeGreaterThan(0);
      expect(await statusOf()).toBe('filled');
    } finally {
      await off.close();
    }
  });

  it('stamps a fill with the time of the candle that crossed the order, not the time of the run', async () => {
    const day = 86_400_000;
    const today = Math.floor(Date.now() / day) * day;
    const iso = (ms: number) => new Date(ms).toISOString();
    await fx.inject('POST', '/api/trading/assets', { symbol: 'ADA', name: 'Cardano' });
    const candle = (ms: number, low: string) => `${iso(ms)},1,1,${low},1,1000000`;
    const head = 'timestamp,open,high,low,close,volume\n';
    await fx.inject('POST', '/api/trading/prices/import', { asset: 'ADA', csv: `${head}${candle(today - day, '1')}\n` });
    const id = await fx.limitBuy('ADA', '10', '0.95');
    await fx.inject('POST', '/api/trading/prices/import', { asset: 'ADA', csv: `${head}${candle(today + 2 * day, '0.9')}\n` });
    await runPaperMarket(t.platform, new Date(today + 5 * day), DEFAULT_MATCH, org.orgId);
    const trades = (await fx.inject('GET', `/api/trading/portfolios/${fx.portfolioId}/trades`)).json<{ trades: TradeView[] }>().trades;
    const fill = trades.find((x) => x.asset === 'ADA');
    expect((await fx.inject('GET', '/api/trading/orders')).json<{ orders: OrderView[] }>().orders.find((x) => x.id === id)?.status).toBe('filled');
    expect(fill?.executedAt).toBe(iso(today + 2 * day));
  });

  it('a kill switch stops resting orders too: nothing fills during a hard halt, and a reset does not fill at halted prices', async () => {
    const o = await t.createOrg();
    // A signed-in person: only a person may reset a halt.
    const f = await paperFixture(t.app, await signInHeaders(t, o.orgId, o.slug, 'member'));
    const id = await f.limitBuy('ETH', '0.25', '100000');
    const statusOf = async () => (await f.inject('GET', '/api/trading/orders')).json<{ orders: OrderView[] }>().orders.find((x) => x.id === id)!.status;
    expect((await f.inject('PUT', '/api/trading/kill-switch', { mode: 'hard', reason: 'market is wild' })).statusCode).toBe(200);
    expect(await runPaperMarket(t.platform, LATER, DEFAULT_MATCH, o.orgId)).toMatchObject({ fills: 0 });
    expect(await statusOf()).toBe('open');
    expect((await f.inject('PUT', '/api/trading/kill-switch', { mode: 'soft', reason: 'calmer now' })).statusCode).toBe(200);
    const later = new Date(LATER.getTime() + 86_400_000);
    // Soft halt: a resting buy adds risk, so it still does not fill.
    expect(await runPaperMarket(t.platform, later, DEFAULT_MATCH, o.orgId)).toMatchObject({ fills: 0 });
    expect((await f.inject('PUT', '/api/trading/kill-switch', { mode: 'off', reason: 'resume trading' })).statusCode).toBe(200);
    expect(await runPaperMarket(t.platform, later, DEFAULT_MATCH, o.orgId)).toMatchObject({ fills: 0 });
    expect(await statusOf()).toBe('open');
    // Only a candle after the reset fills it.
    expect((await runPaperMarket(t.platform, new Date(later.getTime() + 86_400_000), DEFAULT_MATCH, o.orgId)).fills).toBe(1);
    expect(await statusOf()).toBe('filled');
  });
});
