import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import type { Config } from './config/config-schema.ts';
import { openDatabase, type Database } from './db/database.ts';
import { createEventBus, type EventBus } from './events/event-bus.ts';
import { Authenticator } from './identity/authenticator.ts';
import { createJobQueue, type JobQueue } from './jobs/job-queue.ts';
import { LlmClientSlot } from './llm/llm-client.ts';
import { PlatformMetrics } from './metrics/platform-metrics.ts';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from './rate-limit/rate-limiter.ts';
import { SecretBox, loadOrCreateLocalKeyring, parseSecretKeys } from './secrets/secret-box.ts';

/** The shared services every module receives. Built once per process (or per test). */
export interface Platform {
  config: Config;
  log: Logger;
  database: Database;
  events: EventBus;
  jobs: JobQueue;
  secrets: SecretBox;
  rateLimiter: RateLimiter;
  redis: Redis | null;
  llm: LlmClientSlot;
  metrics: PlatformMetrics;
  authenticator: Authenticator;
  version: string;
  gitSha: string;
  close(): Promise<void>;
}

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.apiKey',
  '*.api_key',
  '*.secret',
  '*.token',
  '*.key',
];

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'tessera' } });
}

export interface PlatformOptions {
  /** A migrated database dump to start from (tests). */
  loadDataDir?: Blob;
  database?: Database;
  logger?: Logger;
  processMetrics?: boolean;
}

export async function createPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const log = options.logger ?? createLogger(config);
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    }));
  const events = await createEventBus(database);
  // Imported only when configured: a process without Redis does not carry the client's code.
  const redis = config.redisUrl
    ? new (await import('ioredis')).Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true })
    : null;
  redis?.on('error', (err: Error) => log.warn({ err: err.message }, 'redis error'));
  const keyring = config.secretKeys.length ? parseSecretKeys(config.secretKeys) : loadOrCreateLocalKeyring(config.dataDir);
  const authenticator = new Authenticator(database);
  authenticator.start(events);
  const jobs = createJobQueue(database, config.databaseUrl);
  const platform: Platform = {
    config,
    log,
    database,
    events,
    jobs,
    secrets: new SecretBox(keyring),
    rateLimiter: redis ? createRedisRateLimiter(redis, config.redisKeyPrefix) : createMemoryRateLimiter(),
    redis,
    llm: new LlmClientSlot(),
    metrics: new PlatformMetrics(options.processMetrics ?? true),
    authenticator,
    version: readVersion(),
    gitSha: config.gitSha || readGitSha(),
    close: async () => {
      // Each step runs even if an earlier one fails (the database may already be gone).
      const steps = [() => jobs.stop(), () => authenticator.stop(), () => events.close(), () => platform.rateLimiter.close()];
      for (const step of steps) await step().catch((err: unknown) => log.warn({ err }, 'shutdown step failed'));
      if (redis) redis.disconnect();
      if (!options.database) await database.close().catch(() => undefined);
    },
  };
  return platform;
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function readGitSha(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}
