export * from './template-database.ts';
export * from './test-app.ts';
