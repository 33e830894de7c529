import type { TestProject } from 'vitest/node';
import { migrationSources, ALL_MODULES } from '@tessera/server';
import { buildTemplates } from './global-setup.ts';

/** Runs once per vitest project: the project's env names the backend whose template to build. */
export default async function setup(project: TestProject): Promise<void> {
  const backend = project.config.env?.TESSERA_TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite';
  await buildTemplates(migrationSources(ALL_MODULES), backend);
}
