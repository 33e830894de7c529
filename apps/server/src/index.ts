export { buildApp, migrationSources, type BuiltApp } from './build-app.ts';
export { ALL_MODULES, enabledModules } from './all-modules.ts';
export { seedDemoIfEmpty, DEMO_EMAIL } from './demo-seed.ts';
