/** Schemas and types shared by the bookkeeping routes and its web client (browser-safe: typebox only). */
export * from './common-contracts.ts';
export * from './company-contracts.ts';
export * from './line-contracts.ts';
export * from './rule-contracts.ts';
