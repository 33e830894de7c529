// READ FIRST: /work/main/docs/module-guide.md (the {COMMON} part of your brief: team rules, platform contract, deadline 21:40 UTC).
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
