import { fileURLToPath } from 'node:url';
import type { App, Platform, TesseraModule } from '@tessera/core';
import { registerAdminRoutes } from './admin/admin-routes.ts';
import { gatewayCli } from './admin/gateway-cli.ts';
import { seedGatewayDemo } from './admin/demo-seed.ts';
import { GatewayService } from './engine/gateway-service.ts';
import { createLlmPort } from './llm/llm-port.ts';
import { registerV1Routes } from './v1/v1-routes.ts';
import './errors.ts';

async function register(app: App, platform: Platform): Promise<void> {
  const service = new GatewayService(platform);
  service.start();
  platform.llm.provide(createLlmPort(service));
  app.addHook('onClose', async () => {
    await service.stop();
  });
  // Two child plugins: /v1 speaks OpenAI's error shape, the admin API keeps the platform's.
  await app.register(async (v1) => registerV1Routes(v1 as App, service));
  await app.register(async (admin) => registerAdminRoutes(admin as App, platform, service));
}

export const gatewayModule: TesseraModule = {
  name: 'gateway',
  title: 'Alfred',
  summary: 'OpenAI- and Anthropic-compatible LLM gateway with budgets, routing and metering.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  demoOrg: { slug: 'alfred-demo', name: 'Alfred Demo' },
  webPath: '/gateway',
  register,
  seedDemo: seedGatewayDemo,
  cli: gatewayCli,
  secretColumns: [{ table: 'gateway.providers', idColumn: 'id', column: 'credential', aadSql: "'gateway:provider:' || org_id::text || ':' || id::text" }],
};
