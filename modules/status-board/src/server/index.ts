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
