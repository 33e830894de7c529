// READ FIRST: /work/main/docs/module-guide.md (the {COMMON} part of your brief: team rules, platform contract, deadline 21:40 UTC).
import { fileURLToPath } from 'node:url';
import type { TesseraModule } from '@tessera/core';

export const tradingModule: TesseraModule = {
  name: 'trading',
  title: 'Oh My Coins',
  summary: 'Exact portfolio P&L, fail-closed trading limits, paper trading and AI agents.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  demoOrg: { slug: 'oh-my-coins', name: "Oh My Coins" },
  webPath: '/trading',
  register: async () => {},
};
