import { Type } from 'typebox';
import { actorOf, recordAudit, type App, type Platform } from '@tessera/core';
import { CreatePortfolioBody, PerformanceSchema, PortfolioSchema, ValuationSchema, IsoDate } from '../../contracts/index.ts';
import { subjectOf } from '../request-context.ts';
import { insertPortfolio, listPortfolios } from './portfolio-repository.ts';
import { portfolioPerformance, valuePortfolio } from './portfolio-service.ts';
import { IdParam, portfolioView, read, requirePortfolio, write } from './portfolio-route-helpers.ts';
import { registerPriceRoutes } from './price-routes.ts';
import { registerTradeRoutes } from './trade-routes.ts';
import { registerTransferRoutes } from './transfer-routes.ts';

/** Portfolios and their valuation and performance; trades, transfers and prices have files of their own. */
export function registerPortfolioRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;
  registerPriceRoutes(app, platform);

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

  registerTradeRoutes(app, platform);
  registerTransferRoutes(app, platform);
}
