// READ FIRST: /work/main/docs/module-guide.md (the {COMMON} part of your brief: team rules, platform contract, deadline 21:40 UTC).
import { fileURLToPath } from 'node:url';
import type { TesseraModule } from '@tessera/core';

export const bookkeepingModule: TesseraModule = {
  name: 'bookkeeping',
  title: 'AI Bookkeeper',
  summary: 'Bank import, learned categorization, double-entry ledger and reports.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  demoOrg: { slug: 'midwest-accounting', name: "Midwest Accounting" },
  webPath: '/bookkeeping',
  register: async () => {},
};
