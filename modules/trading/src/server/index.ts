import { fileURLToPath } from 'node:url';
import type { TesseraModule } from '@tessera/core';
import { registerPortfolioRoutes } from './portfolio/portfolio-routes.ts';
import { registerRiskRoutes } from './risk/risk-routes.ts';
import { registerStrategyRoutes } from './paper/strategy-routes.ts';
import { registerCredentialRoutes } from './credentials/credential-routes.ts';
import { CREDENTIAL_AAD_SQL } from './credentials/credential-service.ts';
import { registerAgentRoutes } from './agents/agent-routes.ts';
import { DEFAULT_AGENT_RUN, type AgentRunOptions } from './agents/agent-runner.ts';
import { registerFxRoutes } from './fx/fx-routes.ts';
import { DEFAULT_STREAM, registerAgentStreamRoutes, type AgentStreamOptions } from './agents/agent-stream-routes.ts';
import { schedulePaperMarket, type PaperSchedule } from './paper/paper-scheduler.ts';
import { seedTradingDemo } from './demo/demo-seed.ts';

export interface TradingModuleOptions {
  stream?: Partial<AgentStreamOptions>;
  /**
   * The paper market timer. Its interval comes from the core setting PAPER_MARKET_INTERVAL_MS
   * (`platform.config.paperMarketIntervalMs`, 0 = off, the manual tick still works) unless given here.
   */
  paperMarket?: Partial<PaperSchedule>;
  /** Agent sessions: the model-call timeout (30 s by default; tests shorten it). */
  agent?: Partial<AgentRunOptions>;
}

export function createTradingModule(options: TradingModuleOptions = {}): TesseraModule {
  const stream = { ...DEFAULT_STREAM, ...options.stream };
  return {
    name: 'trading',
    title: 'Oh My Coins',
    summary: 'Exact portfolio P&L, fail-closed trading limits, paper trading and AI agents.',
    migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
    demoOrg: { slug: 'oh-my-coins', name: 'Oh My Coins' },
    webPath: '/trading',
    secretColumns: [{ table: 'trading.credentials', idColumn: 'id', column: 'ciphertext', aadSql: CREDENTIAL_AAD_SQL }],
    seedDemo: seedTradingDemo,
    register: async (app, platform) => {
      registerPortfolioRoutes(app, platform);
      registerRiskRoutes(app, platform);
      registerStrategyRoutes(app, platform);
      registerCredentialRoutes(app, platform);
      registerAgentRoutes(app, platform, { ...DEFAULT_AGENT_RUN, ...options.agent });
      registerFxRoutes(app, platform);
      registerAgentStreamRoutes(app, platform, stream);
      const intervalMs = options.paperMarket?.intervalMs ?? platform.config.paperMarketIntervalMs;
      schedulePaperMarket(app, platform, { ...options.paperMarket, intervalMs });
    },
  };
}

export const tradingModule: TesseraModule = createTradingModule();
