import { MODULE_NAMES, type ModuleName, type TesseraModule } from '@tessera/core';

/**
 * The server imports only the modules it runs: a gateway-only process never parses the other
 * modules' code, which keeps its heap small (ADR 0008). Tests and the CLI, which need every
 * module, use `all-modules.ts` instead.
 */
const MODULE_LOADERS: Record<ModuleName, () => Promise<TesseraModule>> = {
  gateway: async () => (await import('@tessera/gateway')).gatewayModule,
  bookkeeping: async () => (await import('@tessera/bookkeeping')).bookkeepingModule,
  trading: async () => (await import('@tessera/trading')).tradingModule,
  'status-board': async () => (await import('@tessera/status-board')).statusBoardModule,
};

/** The enabled modules in registration order (MODULE_NAMES: the gateway first, others use its LLM port). */
export async function loadModules(names: readonly ModuleName[]): Promise<TesseraModule[]> {
  const ordered = MODULE_NAMES.filter((name) => names.includes(name));
  return Promise.all(ordered.map((name) => MODULE_LOADERS[name]()));
}
