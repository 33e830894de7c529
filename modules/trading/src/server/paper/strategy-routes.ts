import { Type } from 'typebox';
import { actorOf, coreErrors, type App, type Platform } from '@tessera/core';
import { AssetSymbol, BacktestReportSchema, DecimalText, OrderViewSchema } from '../../contracts/index.ts';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import { subjectOf } from '../request-context.ts';
import { findStrategy, listStrategies, type StrategyRow } from './strategy-repository.ts';
import { backtestStrategy, createStrategy, runStrategy } from './strategy-service.ts';

const read = { role: 'viewer', scope: 'trading:read' } as const;
const write = { role: 'member', scope: 'trading:write' } as const;
const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

const Params = Type.Union([
  Type.Object({ quoteAmount: DecimalText, everyDays: Type.Integer({ minimum: 1, maximum: 365 }) }, { additionalProperties: false }),
  Type.Object(
    { fast: Type.Integer({ minimum: 1, maximum: 200 }), slow: Type.Integer({ minimum: 2, maximum: 400 }), quoteAmount: DecimalText },
    { additionalProperties: false },
  ),
]);
const StrategyView = Type.Object({
  id: Type.String(),
  portfolioId: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  asset: Type.String(),
  params: Type.Unknown(),
  maxExposure: Type.String(),
  enabled: Type.Boolean(),
  cursor: Type.Union([Type.String(), Type.Null()]),
});

const view = (s: StrategyRow) => ({
  id: s.id,
  portfolioId: s.portfolio_id,
  name: s.name,
  kind: s.kind,
  asset: s.asset,
  params: s.params,
  maxExposure: formatDec(parseDec(s.max_exposure)),
  enabled: s.enabled,
  cursor: s.cursor_ts,
});

export function registerStrategyRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;
  const find = async (orgId: string, userId: string, id: string) => {
    const s = await findStrategy(db, orgId, userId, id);
    if (!s) throw coreErrors.RESOURCE_NOT_FOUND();
    return s;
  };

  app.get(
    '/api/trading/strategies',
    { config: { access: read }, schema: { response: { 200: Type.Object({ strategies: Type.Array(StrategyView) }) } } },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      return { strategies: (await listStrategies(db, orgId, userId)).map(view) };
    },
  );

  app.post(
    '/api/trading/strategies',
    {
      config: { access: write },
      schema: {
        body: Type.Object(
          {
            portfolioId: Type.String({ format: 'uuid' }),
            name: Type.String({ minLength: 1, maxLength: 80 }),
            kind: Type.Union([Type.Literal('dca'), Type.Literal('ma_crossover')]),
            asset: AssetSymbol,
            params: Params,
            maxExposure: DecimalText,
          },
          { additionalProperties: false },
        ),
        response: { 201: StrategyView },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const s = await createStrategy(db, orgId, userId, actorOf(request), request.body);
      return reply.status(201).send(view(s));
    },
  );

  app.post(
    '/api/trading/strategies/:id/run',
    {
      config: { access: write },
      schema: {
        params: IdParam,
        response: {
          200: Type.Object({ action: Type.String(), reason: Type.Union([Type.String(), Type.Null()]), order: Type.Union([OrderViewSchema, Type.Null()]) }),
        },
      },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      return runStrategy(db, orgId, userId, actorOf(request), await find(orgId, userId, request.params.id));
    },
  );

  app.post(
    '/api/trading/strategies/:id/backtest',
    {
      config: { access: read },
      schema: {
        params: IdParam,
        body: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 2, maximum: 2000 })) }, { additionalProperties: false }),
        response: { 200: BacktestReportSchema },
      },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      return backtestStrategy(db, orgId, userId, await find(orgId, userId, request.params.id), request.body.days ?? 365);
    },
  );
}
