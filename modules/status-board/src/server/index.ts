import { fileURLToPath } from 'node:url';
import type { App, Platform, TesseraModule } from '@tessera/core';
import './errors.ts';
import { registerBoardRoutes } from './board/board-routes.ts';
import { registerCatalogRoutes } from './catalog/catalog-routes.ts';
import { registerAppointmentRoutes } from './appointments/appointment-routes.ts';
import { registerSseRoutes } from './events/sse-routes.ts';
import { seedStatusBoardDemo } from './seed/demo-seeder.ts';
import { registerSettingsRoutes } from './settings/settings-routes.ts';
import { systemClock, type Clock } from '../contracts/shop-time.ts';

export const API_PREFIX = '/api/status-board';

export interface StatusBoardOptions {
  /** Milliseconds between SSE heartbeat comments (tests shorten it). */
  heartbeatMs?: number;
  /** The clock that decides each shop's "today" (tests pin it around midnight). */
  now?: Clock;
}

export function createStatusBoardModule(options: StatusBoardOptions = {}): TesseraModule {
  return {
    name: 'status-board',
    title: 'Status Board',
    summary: "The auto shop's live day board.",
    migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
    demoOrg: { slug: 'edgars-auto', name: "Edgar's Mobile Auto Shop" },
    webPath: '/status-board',
    seedDemo: (ctx) => seedStatusBoardDemo(ctx),
    register: async (app: App, platform: Platform) => {
      await app.register(
        async (api: App) => {
          const now = options.now ?? systemClock;
          await registerBoardRoutes(api, platform, now);
          registerSettingsRoutes(api, platform, now);
          registerCatalogRoutes(api, platform);
          registerAppointmentRoutes(api, platform);
          registerSseRoutes(api, platform, options.heartbeatMs ?? 15_000);
        },
        { prefix: API_PREFIX },
      );
    },
  };
}

export const statusBoardModule: TesseraModule = createStatusBoardModule();
