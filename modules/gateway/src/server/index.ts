import { fileURLToPath } from 'node:url';
import type { TesseraModule } from '@tessera/core';

export const gatewayModule: TesseraModule = {
  name: 'gateway',
  title: 'Alfred',
  summary: 'OpenAI- and Anthropic-compatible LLM gateway with budgets, routing and metering.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  demoOrg: { slug: 'alfred-demo', name: "Alfred Demo" },
  webPath: '/gateway',
  register: async () => {},
};
