export * from './statuses.ts';
export * from './schemas.ts';
export * from './status-board-client.ts';
export * from './shop-time.ts';
