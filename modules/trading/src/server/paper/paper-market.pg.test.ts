import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrg } from '@tessera/testkit';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import { rows } from '../db/sql-rows.ts';
import { tradingModule } from '../index.ts';
import { runPaperMarket } from './paper-matcher.ts';
import { bookedFills, expectedFills, paperFixture } from './paper-test-helpers.ts';

// Two app instances with their own pools on one PostgreSQL database act like two server processes.
let a: TestApp;
let b: TestApp;
let org: TestOrg;

beforeAll(async () => {
  a = await createTestApp({ modules: [tradingModule], config: { paperMarketIntervalMs: 0 } });
  b = await createTestApp({ modules: [tradingModule], config: { paperMarketIntervalMs: 0 }, testDb: a.testDb });
  org = await a.createOrg();
  const fx = await paperFixture(a.app, { authorization: `Bearer ${org.ownerKey}` });
  // Every third order is priced below the market and never fills; large DOGE orders fill partially.
  for (let i = 0; i < 12; i++) {
    if (i % 2) await fx.limitBuy('DOGE', String(30_000 + i * 5_000), i % 3 ? '1' : '0.0001');
    else await fx.limitBuy('SOL', String(10 + i * 50), i % 3 ? '500' : '1');
  }
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

describe('the paper market in two processes', () => {
  it('never fills an order twice: concurrent runs on both instances book exactly what one run would', async () => {
    const now = new Date('2025-01-16T00:00:00Z');
    const runs = await Promise.all(Array.from({ length: 8 }, (_, i) => runPaperMarket((i % 2 ? b : a).platform, now)));
    const db = a.platform.database.db;
    expect(runs.reduce((n, r) => n + r.candles, 0)).toBe(6 * 5);
    const want = await expectedFills(db, org.orgId);
    const booked = await bookedFills(db, org.orgId);
    expect(booked).toHaveLength(12);
    for (const o of booked) {
      expect(formatDec(parseDec(o.filled))).toBe(formatDec(want.get(o.id)!));
      expect(formatDec(parseDec(o.booked))).toBe(formatDec(parseDec(o.filled)));
      expect(parseDec(o.filled) <= parseDec(o.quantity)).toBe(true);
      expect(o.trades).toBeLessThanOrEqual(6);
    }
    expect(booked.some((o) => o.status === 'partially_filled')).toBe(true);
    expect(booked.some((o) => o.status === 'filled')).toBe(true);
    const state = await rows<{ reserved: string; open_orders: number; held: string; open_n: number }>(
      db,
      sql`select s.reserved_notional::text as reserved, s.open_orders,
                 (select coalesce(sum(reserved_notional), 0)::text from trading.orders where org_id = s.org_id and status in ('open', 'partially_filled')) as held,
                 (select count(*)::int from trading.orders where org_id = s.org_id and status in ('open', 'partially_filled')) as open_n
          from trading.risk_state s where s.org_id = ${org.orgId}`,
    );
    expect(formatDec(parseDec(state[0]!.reserved))).toBe(formatDec(parseDec(state[0]!.held)));
    expect(state[0]!.open_orders).toBe(state[0]!.open_n);
  });
});
