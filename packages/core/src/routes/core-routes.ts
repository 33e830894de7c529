import { Type } from 'typebox';
import type { App } from '../http/create-app.ts';
import type { TesseraModule } from '../modules/module-contract.ts';
import type { Platform } from '../platform.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { registerHealthRoutes } from './health-routes.ts';
import { registerJobRoutes } from './job-routes.ts';
import { registerOrgRoutes } from './org-routes.ts';

export function registerCoreRoutes(app: App, platform: Platform, modules: readonly TesseraModule[]): void {
  registerHealthRoutes(
    app,
    platform,
    modules.map((m) => m.name),
  );
  registerAuthRoutes(app, platform, modules);
  registerOrgRoutes(app, platform);
  registerAuditRoutes(app, platform);
  registerJobRoutes(app, platform);
  app.get(
    '/openapi.json',
    { config: { access: 'public' }, schema: { hide: true, response: { 200: Type.Object({}, { additionalProperties: true }) } } },
    async () => app.swagger(),
  );
}
