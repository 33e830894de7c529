import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { actorOf, recordAudit, type App, type Platform } from '@tessera/core';
import { AssetSymbol, DecimalText } from '../../contracts/index.ts';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import { rows } from '../db/sql-rows.ts';
import { tradingErrors } from '../errors.ts';
import { dec } from '../portfolio/trade-booking.ts';
import { subjectOf } from '../request-context.ts';
import { insertFxRates } from './fx-repository.ts';

const read = { role: 'viewer', scope: 'trading:read' } as const;
const write = { role: 'member', scope: 'trading:write' } as const;
const IsoTime = Type.String({ format: 'date-time', maxLength: 40 });

const RateView = Type.Object({
  base: Type.String(),
  quote: Type.String(),
  at: Type.String(),
  rate: Type.String({ description: 'Units of quote for one unit of base.' }),
});

export function registerFxRoutes(app: App, platform: Platform): void {
  const db = platform.database.db;

  app.post(
    '/api/trading/fx-rates',
    {
      config: { access: write },
      schema: {
        summary: 'Stores FX rates (quote units per base unit at a time); trades and valuations convert with the latest rate at or before their time.',
        body: Type.Object(
          {
            rates: Type.Array(Type.Object({ base: AssetSymbol, quote: AssetSymbol, at: IsoTime, rate: DecimalText }, { additionalProperties: false }), {
              minItems: 1,
              maxItems: 5000,
            }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ stored: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      const { orgId } = subjectOf(request);
      // Validate every rate before writing any, so a bad row changes nothing.
      const rates = request.body.rates.map((r, index) => {
        if (r.base === r.quote)
          throw tradingErrors.TRADING_QUOTE_MISMATCH({ message: `rates[${index}]: base and quote are the same currency`, details: { index } });
        const at = new Date(r.at);
        if (Number.isNaN(at.getTime())) throw tradingErrors.TRADING_IMPORT_MALFORMED({ message: `rates[${index}].at is not a time`, details: { index } });
        if (dec(r.rate, `rates[${index}].rate`) <= 0n)
          throw tradingErrors.TRADING_NEGATIVE_PRICE({ message: `rates[${index}].rate must be greater than zero`, details: { index } });
        return { base: r.base, quote: r.quote, at, rate: formatDec(parseDec(r.rate)) };
      });
      const stored = await db.transaction(async (tx) => {
        const n = await insertFxRates(tx, orgId, rates);
        await recordAudit(tx, orgId, actorOf(request), { action: 'trading.fx.import', data: { rates: n } });
        return n;
      });
      return reply.status(201).send({ stored });
    },
  );

  app.get(
    '/api/trading/fx-rates',
    {
      config: { access: read },
      schema: {
        querystring: Type.Object({ base: Type.Optional(AssetSymbol), quote: Type.Optional(AssetSymbol) }, { additionalProperties: false }),
        response: { 200: Type.Object({ rates: Type.Array(RateView) }) },
      },
    },
    async (request) => {
      const { orgId } = subjectOf(request);
      const { base, quote } = request.query;
      const found = await rows<{ base: string; quote: string; ts: Date | string; rate: string }>(
        db,
        sql`select base, quote, ts, rate::text from trading.fx_rates where org_id = ${orgId}
            ${base ? sql`and base = ${base}` : sql``} ${quote ? sql`and quote = ${quote}` : sql``} order by ts desc limit 500`,
      );
      return { rates: found.map((r) => ({ base: r.base, quote: r.quote, at: new Date(r.ts).toISOString(), rate: formatDec(parseDec(r.rate)) })) };
    },
  );
}
