import { fileURLToPath } from 'node:url';
import type { TesseraModule } from '@tessera/core';
import { bookkeepingCli } from './cli/bookkeeping-cli.ts';
import { registerBookkeepingRoutes } from './http/register-routes.ts';
import { seedBookkeepingDemo } from './simulate/demo-seed.ts';

export const bookkeepingModule: TesseraModule = {
  name: 'bookkeeping',
  title: 'AI Bookkeeper',
  summary: 'Bank import, learned categorization, double-entry ledger and reports.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  demoOrg: { slug: 'midwest-accounting', name: 'Midwest Accounting' },
  webPath: '/bookkeeping',
  register: registerBookkeepingRoutes,
  seedDemo: seedBookkeepingDemo,
  cli: bookkeepingCli,
};
