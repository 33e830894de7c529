export * from './template-database.ts';
export * from './test-app.ts';
export * from './openapi-walk.ts';
export * from './hostile-input-sweep.ts';
export * from './schema-sampler.ts';
export * from './sse-client.ts';
