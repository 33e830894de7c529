import { Type } from 'typebox';
import { actorOf, coreErrors, recordAudit, type App, type Platform } from '@tessera/core';
import {
  CreatePortfolioBody,
  PerformanceSchema,
  PortfolioSchema,
  TradeInputSchema,
  TradeViewSchema,
  ValuationSchema,
  AssetSymbol,
  DecimalText,
  IsoDate,
} from '../../contracts/index.ts';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';

const norm = (t: string) => formatDec(parseDec(t));
import { tradingErrors } from '../errors.ts';
import { subjectOf } from '../request-context.ts';
import { parseCoinbaseCsv, parseOhlcvCsv } from './import-parsers.ts';
import {
  findPortfolio,
  insertPortfolio,
  listAssets,
  listPortfolios,
  tradesOf,
  transfersOf,
  upsertAsset,
  knownAssets,
  type PortfolioRow,
} from './portfolio-repository.ts';
import { portfolioPerformance, valuePortfolio } from './portfolio-service.ts';
import { candlesOf, insertCandles } from './price-repository.ts';
import { bookTrades, dec, rebuildAssets } from './trade-booking.ts';
import { bookTransfer } from './transfer-service.ts';
import { DEMO_ASSETS, syntheticCandles } from './synthetic-feed.ts';

const read = { role: 'viewer', scope: 'trading:read' } as const;
const write = { role: 'member', scope: 'trading:write' } as const;
const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

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

export function registerPortfolioRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;

  app.get(
    '/api/trading/assets',
    {
      config: { access: read },
      schema: { response: { 200: Type.Object({ assets: Type.Array(Type.Object({ symbol: Type.String(), name: Type.String(), kind: Type.String() })) }) } },
    },
    async (request) => ({
      assets: await listAssets(db, subjectOf(request).orgId),
    }),
  );

  app.post(
    '/api/trading/assets',
    {
      config: { access: write },
      schema: {
        body: Type.Object(
          {
            symbol: AssetSymbol,
            name: Type.String({ minLength: 1, maxLength: 80 }),
            kind: Type.Optional(Type.Union([Type.Literal('crypto'), Type.Literal('fiat')])),
            priceCurrency: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{2,12}$', description: 'The currency its prices are quoted in (default USD).' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ symbol: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { orgId } = subjectOf(request);
      await db.transaction(async (tx) => {
        await upsertAsset(tx, orgId, request.body.symbol, request.body.name, request.body.kind ?? 'crypto', request.body.priceCurrency);
        await recordAudit(tx, orgId, actorOf(request), { action: 'trading.asset.upsert', targetType: 'asset', targetId: request.body.symbol });
      });
      return reply.status(201).send({ symbol: request.body.symbol });
    },
  );

  app.get(
    '/api/trading/portfolios',
    { config: { access: read }, schema: { response: { 200: Type.Object({ portfolios: Type.Array(PortfolioSchema) }) } } },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      return { portfolios: (await listPortfolios(db, orgId, userId)).map(portfolioView) };
    },
  );

  app.post(
    '/api/trading/portfolios',
    { config: { access: write }, schema: { body: CreatePortfolioBody, response: { 201: PortfolioSchema } } },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const p = await db.transaction(async (tx) => {
        const row = await insertPortfolio(tx, orgId, userId, {
          name: request.body.name,
          quoteCurrency: request.body.quoteCurrency ?? 'USD',
          costMethod: request.body.costMethod,
        });
        await recordAudit(tx, orgId, actorOf(request), {
          action: 'trading.portfolio.create',
          targetType: 'portfolio',
          targetId: row.id,
          data: { costMethod: row.cost_method },
        });
        return row;
      });
      return reply.status(201).send(portfolioView(p));
    },
  );

  app.get(
    '/api/trading/portfolios/:id',
    {
      config: { access: read },
      schema: { params: IdParam, response: { 200: Type.Object({ portfolio: PortfolioSchema, valuation: ValuationSchema, ms: Type.Number() }) } },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      const started = performance.now();
      const p = await requirePortfolio(db, orgId, userId, request.params.id);
      const { view } = await valuePortfolio(db, orgId, p);
      return { portfolio: portfolioView(p), valuation: view, ms: performance.now() - started };
    },
  );

  app.get(
    '/api/trading/portfolios/:id/performance',
    {
      config: { access: read },
      schema: {
        params: IdParam,
        querystring: Type.Object({ end: Type.Optional(IsoDate) }, { additionalProperties: false }),
        response: { 200: PerformanceSchema },
      },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      const p = await requirePortfolio(db, orgId, userId, request.params.id);
      const end = request.query.end ? Date.parse(request.query.end) : Date.now();
      return portfolioPerformance(db, orgId, p, end);
    },
  );

  app.get(
    '/api/trading/portfolios/:id/trades',
    {
      config: { access: read },
      schema: {
        params: IdParam,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ trades: Type.Array(TradeViewSchema) }) },
      },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      const p = await requirePortfolio(db, orgId, userId, request.params.id);
      const rows = await tradesOf(db, orgId, p.id, { limit: request.query.limit ?? 200, desc: true });
      return {
        trades: rows.map((r) => ({
          id: r.id,
          asset: r.asset,
          side: r.side,
          quantity: norm(r.quantity),
          price: norm(r.price),
          fee: norm(r.fee),
          feeAsset: r.fee_asset,
          executedAt: new Date(r.executed_at).toISOString(),
          venue: r.venue,
          externalId: r.external_id,
          source: r.source,
        })),
      };
    },
  );

  app.post(
    '/api/trading/portfolios/:id/trades',
    {
      config: { access: write },
      schema: {
        params: IdParam,
        body: Type.Object({ trades: Type.Array(TradeInputSchema, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ ids: Type.Array(Type.String()), realized: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const p = await requirePortfolio(db, orgId, userId, request.params.id);
      const out = await db.transaction(async (tx) => {
        const res = await bookTrades(tx, orgId, p, request.body.trades, 'manual');
        await recordAudit(tx, orgId, actorOf(request), {
          action: 'trading.trade.record',
          targetType: 'portfolio',
          targetId: p.id,
          data: { count: res.ids.length },
        });
        return res;
      });
      return reply.status(201).send({ ids: out.ids, realized: formatDec(out.realized) });
    },
  );

  app.post(
    '/api/trading/portfolios/:id/import',
    {
      config: { access: write },
      schema: {
        params: IdParam,
        body: Type.Object({ format: Type.Literal('coinbase'), csv: Type.String({ minLength: 1, maxLength: 5_000_000 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ imported: Type.Integer(), skipped: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const p = await requirePortfolio(db, orgId, userId, request.params.id);
      const parsed = parseCoinbaseCsv(request.body.csv, p.quote_currency);
      const out = await db.transaction(async (tx) => {
        // Coinbase exports name assets we may not know yet: register them, inside the same transaction.
        const known = await knownAssets(tx, orgId, [...new Set(parsed.trades.map((t) => t.asset))]);
        for (const a of new Set(parsed.trades.map((t) => t.asset))) if (!known.has(a)) await upsertAsset(tx, orgId, a, a, 'crypto');
        const res = await bookTrades(tx, orgId, p, parsed.trades, 'import:coinbase');
        await recordAudit(tx, orgId, actorOf(request), {
          action: 'trading.trade.import',
          targetType: 'portfolio',
          targetId: p.id,
          data: { format: 'coinbase', imported: res.ids.length, skipped: parsed.skipped },
        });
        return res;
      });
      return reply.status(201).send({ imported: out.ids.length, skipped: parsed.skipped });
    },
  );

  app.post(
    '/api/trading/portfolios/:id/rebuild',
    { config: { access: write }, schema: { params: IdParam, response: { 200: Type.Object({ trades: Type.Integer(), ms: Type.Number() }) } } },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      const p = await requirePortfolio(db, orgId, userId, request.params.id);
      return db.transaction(async (tx) => {
        const r = await rebuildAssets(tx, orgId, p, null);
        await recordAudit(tx, orgId, actorOf(request), {
          action: 'trading.portfolio.rebuild',
          targetType: 'portfolio',
          targetId: p.id,
          data: { trades: r.trades },
        });
        return r;
      });
    },
  );

  app.get(
    '/api/trading/portfolios/:id/transfers',
    {
      config: { access: read },
      schema: {
        params: IdParam,
        response: {
          200: Type.Object({
            transfers: Type.Array(
              Type.Object({
                id: Type.String(),
                kind: Type.String(),
                asset: Type.String(),
                amount: Type.String(),
                at: Type.String(),
                note: Type.Union([Type.String(), Type.Null()]),
                tradeId: Type.Union([Type.String(), Type.Null()], {
                  description: 'The trade at market value that moved holdings (assets other than the quote currency).',
                }),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      const p = await requirePortfolio(db, orgId, userId, request.params.id);
      return { transfers: await transfersOf(db, orgId, p.id) };
    },
  );

  app.post(
    '/api/trading/portfolios/:id/transfers',
    {
      config: { access: write },
      schema: {
        params: IdParam,
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('deposit'), Type.Literal('withdrawal')]),
            asset: AssetSymbol,
            amount: DecimalText,
            at: IsoDate,
            note: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const p = await requirePortfolio(db, orgId, userId, request.params.id);
      if (dec(request.body.amount, 'amount') <= 0n) throw tradingErrors.TRADING_NON_POSITIVE_QUANTITY({ message: 'amount must be greater than zero' });
      const b = request.body;
      const input = { kind: b.kind, asset: b.asset, amount: b.amount.trim(), at: new Date(b.at), note: b.note ?? null };
      const id = await db.transaction((tx) => bookTransfer(tx, orgId, p, actorOf(request), input));
      return reply.status(201).send({ id });
    },
  );

  const CandleSchema = Type.Object({
    ts: Type.String(),
    open: Type.String(),
    high: Type.String(),
    low: Type.String(),
    close: Type.String(),
    volume: Type.String(),
  });
  app.get(
    '/api/trading/prices/:asset',
    {
      config: { access: read },
      schema: {
        params: Type.Object({ asset: AssetSymbol }, { additionalProperties: false }),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ candles: Type.Array(CandleSchema) }) },
      },
    },
    async (request) => {
      const { orgId } = subjectOf(request);
      const c = await candlesOf(db, orgId, request.params.asset, request.query.limit ?? 365);
      return { candles: c.map((x) => ({ ts: x.ts.toISOString(), open: x.open, high: x.high, low: x.low, close: x.close, volume: x.volume })) };
    },
  );

  app.post(
    '/api/trading/prices/import',
    {
      config: { access: write },
      schema: {
        body: Type.Object({ asset: AssetSymbol, csv: Type.String({ minLength: 1, maxLength: 5_000_000 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ imported: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      const { orgId } = subjectOf(request);
      const candles = parseOhlcvCsv(request.body.csv, request.body.asset);
      const n = await db.transaction(async (tx) => {
        const known = await knownAssets(tx, orgId, [request.body.asset]);
        if (!known.has(request.body.asset)) throw tradingErrors.TRADING_UNKNOWN_ASSET({ details: { assets: [request.body.asset] } });
        const count = await insertCandles(tx, orgId, candles, 'import:ohlcv');
        await recordAudit(tx, orgId, actorOf(request), {
          action: 'trading.prices.import',
          targetType: 'asset',
          targetId: request.body.asset,
          data: { rows: candles.length, inserted: count },
        });
        return count;
      });
      return reply.status(201).send({ imported: n });
    },
  );

  app.post(
    '/api/trading/prices/synthetic',
    {
      config: { access: write },
      schema: {
        body: Type.Object(
          {
            days: Type.Integer({ minimum: 1, maximum: 3650 }),
            seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 })),
            endDate: Type.Optional(IsoDate),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ imported: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      const { orgId } = subjectOf(request);
      const end = request.body.endDate ? Date.parse(request.body.endDate) : Date.now();
      const from = Math.floor(end / 86_400_000) * 86_400_000 - (request.body.days - 1) * 86_400_000;
      const n = await db.transaction(async (tx) => {
        let count = 0;
        for (const a of DEMO_ASSETS) {
          await upsertAsset(tx, orgId, a.symbol, a.name, 'crypto');
          count += await insertCandles(tx, orgId, syntheticCandles(a.symbol, a.start, from, request.body.days, request.body.seed ?? 42), 'synthetic');
        }
        await recordAudit(tx, orgId, actorOf(request), { action: 'trading.prices.synthetic', data: { days: request.body.days, inserted: count } });
        return count;
      });
      return reply.status(201).send({ imported: n });
    },
  );
}
