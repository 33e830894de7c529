export { buildApp, migrationSources, type BuiltApp } from './build-app.ts';
export { ALL_MODULES, enabledModules } from './module-registry.ts';
export { seedDemoIfEmpty, DEMO_EMAIL } from './demo-seed.ts';
