import { Type } from 'typebox';
import { actorOf, recordAudit, type App, type Platform } from '@tessera/core';
import { TradeInputSchema, TradeViewSchema } from '../../contracts/index.ts';
import { formatDec } from '../decimal/fixed-decimal.ts';
import { subjectOf } from '../request-context.ts';
import { parseCoinbaseCsv } from './import-parsers.ts';
import { tradesOf, upsertAsset, knownAssets } from './portfolio-repository.ts';
import { bookTrades, rebuildAssets } from './trade-booking.ts';
import { IdParam, norm, read, requirePortfolio, write } from './portfolio-route-helpers.ts';

/** Trades of a portfolio: list, manual entry, Coinbase import, rebuild. */
export function registerTradeRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;

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
}
