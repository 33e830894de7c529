import { defineConfig } from 'vitest/config';

/**
 * Two runs of the same suites: on the embedded database (always), and on the real PostgreSQL and
 * Redis servers when TEST_DATABASE_URL is set (CI sets it). Files named `*.pg.test.ts` need a real
 * server (multi-process concurrency) and run only there; `*.browser.test.ts` drive Chromium.
 */
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
const common = {
  globalSetup: ['packages/testkit/src/vitest-global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...common,
          name: 'pglite',
          include: ['{packages,modules,apps,scripts}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/*.pg.test.ts', '**/*.browser.test.ts'],
          env: { TESSERA_TEST_BACKEND: 'pglite' },
        },
      },
      ...(withPostgres
        ? [
            {
              test: {
                ...common,
                name: 'postgres',
                include: ['{packages,modules,apps}/**/*.int.test.{ts,tsx}', '{packages,modules,apps}/**/*.pg.test.ts'],
                exclude: ['**/node_modules/**'],
                env: { TESSERA_TEST_BACKEND: 'postgres' },
              },
            },
          ]
        : []),
      {
        test: {
          ...common,
          name: 'browser',
          include: ['{packages,modules,apps}/**/*.browser.test.ts'],
          exclude: ['**/node_modules/**'],
          env: { TESSERA_TEST_BACKEND: 'pglite' },
          fileParallelism: false,
        },
      },
    ],
  },
});
