// READ FIRST: /work/main/docs/module-guide.md (the {COMMON} part of your brief: team rules, platform contract, deadline 21:40 UTC).
import { fileURLToPath } from 'node:url';
import type { TesseraModule } from '@tessera/core';

export const statusBoardModule: TesseraModule = {
  name: 'status-board',
  title: 'Status Board',
  summary: "The auto shop's live day board.",
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  demoOrg: { slug: 'edgars-auto', name: "Edgar's Mobile Auto Shop" },
  webPath: '/status-board',
  register: async () => {},
};
