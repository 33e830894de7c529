import { migrationSources, ALL_MODULES } from '@tessera/server';
import { buildTemplates } from './global-setup.ts';

export default async function setup(): Promise<void> {
  await buildTemplates(migrationSources(ALL_MODULES));
}
