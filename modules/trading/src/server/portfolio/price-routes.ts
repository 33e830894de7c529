import { Type } from 'typebox';
import { actorOf, recordAudit, type App, type Platform } from '@tessera/core';
import { AssetSymbol, IsoDate } from '../../contracts/index.ts';
import { tradingErrors } from '../errors.ts';
import { subjectOf } from '../request-context.ts';
import { parseOhlcvCsv } from './import-parsers.ts';
import { listAssets, upsertAsset, knownAssets } from './portfolio-repository.ts';
import { candlesOf, insertCandles } from './price-repository.ts';
import { DEMO_ASSETS, syntheticCandles } from './synthetic-feed.ts';
import { read, write } from './portfolio-route-helpers.ts';

// One OHLCV candle as decimal text.
const CandleSchema = Type.Object({
  ts: Type.String(),
  open: Type.String(),
  high: Type.String(),
  low: Type.String(),
  close: Type.String(),
  volume: Type.String(),
});

/** Assets and their prices: OHLCV import and the synthetic demo feed. */
export function registerPriceRoutes(app: App, platform: Platform): void {
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
