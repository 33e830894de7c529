import { randomBytes } from 'node:crypto';
import type { AuditActor, LlmToolDefinition, Platform } from '@tessera/core';
import { formatDec, parseDec } from '../decimal/fixed-decimal.ts';
import { findPortfolio, listPortfolios } from '../portfolio/portfolio-repository.ts';
import { portfolioPerformance, valuePortfolio } from '../portfolio/portfolio-service.ts';
import { candlesOf } from '../portfolio/price-repository.ts';
import { orderView, submitOrder } from '../risk/order-service.ts';
import { withRefusalRecord } from '../risk/order-refusals.ts';

export const AGENT_TOOLS: LlmToolDefinition[] = [
  {
    name: 'get_portfolio',
    description: 'Positions, quantities, cost basis and market value of one of the user’s portfolios.',
    parameters: { type: 'object', properties: { portfolioId: { type: 'string' } } },
  },
  {
    name: 'get_prices',
    description: 'Recent daily closes of an asset (oldest first).',
    parameters: { type: 'object', properties: { asset: { type: 'string' }, days: { type: 'integer' } }, required: ['asset'] },
  },
  {
    name: 'compute_pnl',
    description: 'Realized and unrealized P&L and returns (simple, time-weighted, money-weighted) of a portfolio.',
    parameters: { type: 'object', properties: { portfolioId: { type: 'string' } } },
  },
  {
    name: 'propose_order',
    description: 'Propose a paper order. It is checked against the risk limits and waits for the user to confirm; it is never placed by you.',
    parameters: {
      type: 'object',
      properties: {
        asset: { type: 'string' },
        side: { type: 'string', enum: ['buy', 'sell'] },
        quantity: { type: 'string' },
        type: { type: 'string', enum: ['market', 'limit'] },
        limitPrice: { type: 'string' },
      },
      required: ['asset', 'side', 'quantity'],
    },
  },
];

export interface ToolContext {
  platform: Platform;
  orgId: string;
  userId: string;
  actor: AuditActor;
  portfolioId: string | null;
}

/** Tool output reaches the model between per-call nonce markers, so data cannot pose as instructions. */
export function wrapToolData(tool: string, payload: unknown): { nonce: string; text: string } {
  const nonce = randomBytes(9).toString('base64url');
  return { nonce, text: `<<tool-data ${tool} nonce=${nonce}>>\n${JSON.stringify(payload)}\n<<end-tool-data nonce=${nonce}>>` };
}

function obj(args: unknown): Record<string, unknown> {
  return args && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
}

async function portfolioFor(ctx: ToolContext, args: Record<string, unknown>) {
  const db = ctx.platform.database.db;
  const wanted = typeof args.portfolioId === 'string' && /^[0-9a-f-]{36}$/i.test(args.portfolioId) ? args.portfolioId : ctx.portfolioId;
  const p = wanted ? await findPortfolio(db, ctx.orgId, ctx.userId, wanted) : (await listPortfolios(db, ctx.orgId, ctx.userId))[0];
  if (!p) throw new Error('no such portfolio for this user');
  return p;
}

/** Runs one allowed tool; only tools in AGENT_TOOLS reach here (the runner refuses others). */
export async function runTool(ctx: ToolContext, name: string, rawArgs: unknown): Promise<unknown> {
  const args = obj(rawArgs);
  const db = ctx.platform.database.db;
  if (name === 'get_portfolio') {
    const p = await portfolioFor(ctx, args);
    const { view } = await valuePortfolio(db, ctx.orgId, p);
    return {
      portfolio: { id: p.id, name: p.name, costMethod: p.cost_method },
      positions: view.positions
        .filter((x) => x.status !== 'closed')
        .map((x) => ({ asset: x.asset, quantity: x.quantity, costBasis: x.costBasis, price: x.price, marketValue: x.marketValue, status: x.status })),
      complete: view.complete,
    };
  }
  if (name === 'get_prices') {
    const asset = (typeof args.asset === 'string' ? args.asset : '').toUpperCase();
    if (!/^[A-Z0-9]{2,12}$/.test(asset)) throw new Error('asset must be a symbol');
    const days = Math.min(Math.max(Number(args.days ?? 7) || 7, 1), 90);
    const candles = await candlesOf(db, ctx.orgId, asset, days);
    if (!candles.length) throw new Error(`no prices stored for ${asset}`);
    return { asset, closes: candles.map((c) => ({ date: c.ts.toISOString().slice(0, 10), close: formatDec(parseDec(c.close)) })) };
  }
  if (name === 'compute_pnl') {
    const p = await portfolioFor(ctx, args);
    const { view } = await valuePortfolio(db, ctx.orgId, p);
    const perf = await portfolioPerformance(db, ctx.orgId, p, Date.now());
    return {
      realized: view.realized,
      unrealized: view.unrealized,
      totalPnl: view.totalPnl,
      complete: view.complete,
      missingPrices: view.missingPrices,
      returns: perf.returns,
      reasons: perf.reasons,
    };
  }
  if (name === 'propose_order') {
    const p = await portfolioFor(ctx, args);
    const side = args.side === 'sell' ? 'sell' : 'buy';
    const type = args.type === 'limit' ? 'limit' : 'market';
    const order = await withRefusalRecord(db, ctx.orgId, ctx.userId, ctx.actor, () =>
      db.transaction((tx) =>
        submitOrder(
          tx,
          ctx.orgId,
          ctx.userId,
          ctx.actor,
          {
            portfolioId: p.id,
            asset: (typeof args.asset === 'string' ? args.asset : '').toUpperCase(),
            side,
            type,
            quantity: typeof args.quantity === 'string' ? args.quantity : '',
            limitPrice: typeof args.limitPrice === 'string' ? args.limitPrice : null,
            source: 'agent',
          },
          { propose: true },
        ),
      ),
    );
    return { proposal: orderView(order), note: 'Passed the pre-trade check; waiting for the user to confirm. Not placed.' };
  }
  throw new Error(`tool ${name} is not available`);
}
