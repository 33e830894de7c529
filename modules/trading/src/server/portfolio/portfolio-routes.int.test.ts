import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { tradingModule } from '../index.ts';

let t: TestApp;
let org: TestOrg;
let auth: { authorization: string };
let pid: string;

const trade = (o: Record<string, unknown>) => ({ asset: 'BTC', side: 'buy', quantity: '1', price: '100', fee: '0', executedAt: '2024-01-01T10:00:00Z', ...o });

beforeAll(async () => {
  t = await createTestApp({ modules: [tradingModule] });
  org = await t.createOrg();
  auth = { authorization: `Bearer ${org.ownerKey}` };
  for (const symbol of ['BTC', 'ETH']) await t.app.inject({ method: 'POST', url: '/api/trading/assets', headers: auth, payload: { symbol, name: symbol } });
  const res = await t.app.inject({ method: 'POST', url: '/api/trading/portfolios', headers: auth, payload: { name: 'Main', costMethod: 'fifo' } });
  expect(res.statusCode).toBe(201);
  pid = res.json().id;
});
afterAll(async () => t?.close());

async function tradeCount(): Promise<number> {
  const r = await t.app.inject({ method: 'GET', url: `/api/trading/portfolios/${pid}/trades`, headers: auth });
  return r.json<{ trades: unknown[] }>().trades.length;
}

describe('portfolio routes', () => {
  it('books trades incrementally and values them against stored prices, decimals as strings', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/trading/portfolios/${pid}/trades`,
      headers: auth,
      payload: {
        trades: [
          trade({ price: '100', fee: '1' }),
          trade({ price: '200', fee: '2', executedAt: '2024-01-02T10:00:00Z' }),
          trade({ side: 'sell', quantity: '1.5', price: '300', fee: '3', executedAt: '2024-01-03T10:00:00Z' }),
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().realized).toBe('245');
    const csv = 'timestamp,open,high,low,close,volume\n2024-01-03T00:00:00Z,240,260,230,250,10\n';
    expect((await t.app.inject({ method: 'POST', url: '/api/trading/prices/import', headers: auth, payload: { asset: 'BTC', csv } })).statusCode).toBe(201);
    const v = await t.app.inject({ method: 'GET', url: `/api/trading/portfolios/${pid}`, headers: auth });
    expect(v.statusCode).toBe(200);
    const val = v.json().valuation;
    expect(val).toMatchObject({ realized: '245', unrealized: '24', complete: true, marketValue: '125' });
    expect(val.positions[0]).toMatchObject({ asset: 'BTC', quantity: '0.5', costBasis: '101', status: 'ok' });
  });

  it('a back-dated trade rebuilds that asset from history', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/trading/portfolios/${pid}/trades`,
      headers: auth,
      payload: { trades: [trade({ quantity: '1', price: '50', executedAt: '2023-12-31T10:00:00Z' })] },
    });
    expect(res.statusCode).toBe(201);
    // FIFO now sells the 50 lot and the 101 lot first: realized = 447 - (50 + 0.5*101) = 346.5
    const v = (await t.app.inject({ method: 'GET', url: `/api/trading/portfolios/${pid}`, headers: auth })).json().valuation;
    expect(v.realized).toBe('346.5');
    expect(v.positions[0].quantity).toBe('1.5');
  });

  it.each([
    ['zero quantity', trade({ quantity: '0' }), 'TRADING_NON_POSITIVE_QUANTITY'],
    ['negative quantity', trade({ quantity: '-1' }), 'TRADING_NON_POSITIVE_QUANTITY'],
    ['negative price', trade({ price: '-5' }), 'TRADING_NEGATIVE_PRICE'],
    ['unknown asset', trade({ asset: 'NOPE' }), 'TRADING_UNKNOWN_ASSET'],
    ['sell beyond holdings', trade({ side: 'sell', quantity: '100', executedAt: '2024-02-01T00:00:00Z' }), 'TRADING_SELL_EXCEEDS_HOLDINGS'],
    ['19 decimal places', trade({ quantity: '0.0000000000000000001' }), 'VALIDATION_FAILED'],
    ['fee in a third asset', trade({ fee: '1', feeAsset: 'ETH' }), 'TRADING_FEE_ASSET_UNSUPPORTED'],
  ])('refuses %s with a code and changes nothing', async (_name, bad, code) => {
    const before = await tradeCount();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/trading/portfolios/${pid}/trades`,
      headers: auth,
      payload: { trades: [trade({ executedAt: '2024-01-05T00:00:00Z' }), bad] },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().error.code).toBe(code);
    expect(await tradeCount()).toBe(before);
  });

  it('imports a Coinbase export once; re-importing the same file is a 409 that changes nothing', async () => {
    const csv = [
      'ID,Timestamp,Transaction Type,Asset,Quantity Transacted,Price Currency,Price at Transaction,Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes',
      'cb1,2024-03-01 10:00:00 UTC,Buy,ETH,2,USD,$2000.00,$4000.00,$4010.00,$10.00,Bought 2 ETH',
      'cb2,2024-03-02 10:00:00 UTC,Send,ETH,0.1,USD,$2100.00,,,,Sent',
      'cb3,2024-03-03 10:00:00 UTC,Sell,ETH,0.5,USD,"$2,200.00",$1100.00,$1095.00,$5.00,Sold',
    ].join('\n');
    const first = await t.app.inject({ method: 'POST', url: `/api/trading/portfolios/${pid}/import`, headers: auth, payload: { format: 'coinbase', csv } });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ imported: 2, skipped: 1 });
    const before = await tradeCount();
    const again = await t.app.inject({ method: 'POST', url: `/api/trading/portfolios/${pid}/import`, headers: auth, payload: { format: 'coinbase', csv } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('TRADING_DUPLICATE_EXTERNAL_ID');
    expect(await tradeCount()).toBe(before);
    const broken = await t.app.inject({
      method: 'POST',
      url: `/api/trading/portfolios/${pid}/import`,
      headers: auth,
      payload: { format: 'coinbase', csv: 'hello,world\n1,2' },
    });
    expect(broken.json().error.code).toBe('TRADING_IMPORT_MALFORMED');
  });

  it('marks a missing price instead of valuing at zero', async () => {
    const v = (await t.app.inject({ method: 'GET', url: `/api/trading/portfolios/${pid}`, headers: auth })).json<{
      valuation: { complete: boolean; missingPrices: string[]; unrealized: string | null; positions: { asset: string; status: string }[] };
    }>().valuation;
    expect(v.complete).toBe(false);
    expect(v.missingPrices).toEqual(['ETH']);
    expect(v.unrealized).toBeNull();
    expect(v.positions.find((p) => p.asset === 'ETH')?.status).toBe('price_missing');
  });

  it('rejects malformed OHLCV and negative prices', async () => {
    const neg = await t.app.inject({
      method: 'POST',
      url: '/api/trading/prices/import',
      headers: auth,
      payload: { asset: 'BTC', csv: 'timestamp,open,high,low,close\n2024-01-09T00:00:00Z,1,2,-1,1' },
    });
    expect(neg.json().error.code).toBe('TRADING_IMPORT_MALFORMED');
  });

  it("another organization's portfolio is a 404", async () => {
    const other = await t.createOrg();
    const res = await t.app.inject({ method: 'GET', url: `/api/trading/portfolios/${pid}`, headers: { authorization: `Bearer ${other.ownerKey}` } });
    expect(res.statusCode).toBe(404);
  });
});
