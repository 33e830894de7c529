export * from './statuses.ts';
export * from './schemas.ts';
