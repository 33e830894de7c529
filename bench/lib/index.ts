/** The benchmark harness: start servers, drive bounded load at them, write Markdown results. */
export * from './child-server.ts';
export * from './hello-baseline.ts';
export * from './load-runner.ts';
export * from './machine-info.ts';
export * from './process-stats.ts';
export * from './results-writer.ts';
export * from './tessera-server.ts';
