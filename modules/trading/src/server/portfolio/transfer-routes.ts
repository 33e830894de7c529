import { Type } from 'typebox';
import { actorOf, type App, type Platform } from '@tessera/core';
import { AssetSymbol, DecimalText, IsoDate } from '../../contracts/index.ts';
import { tradingErrors } from '../errors.ts';
import { subjectOf } from '../request-context.ts';
import { transfersOf } from './portfolio-repository.ts';
import { dec } from './trade-booking.ts';
import { bookTransfer } from './transfer-service.ts';
import { IdParam, read, requirePortfolio, write } from './portfolio-route-helpers.ts';

/** Deposits, withdrawals and asset transfers of a portfolio. */
export function registerTransferRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;

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
}
