/**
 * Every setting the platform reads, in one table. The README's configuration table is generated
 * from this list (and a test keeps the two in sync), so a setting cannot exist undocumented.
 */
export type SettingKind = 'string' | 'int' | 'bool' | 'list' | 'url' | 'enum';

export interface SettingSpec<T> {
  env: string;
  flag: string;
  kind: SettingKind;
  description: string;
  defaultText: string;
  parse: (raw: string) => T;
  fallback: () => T;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function intSetting(env: string, flag: string, def: number, min: number, max: number, description: string): SettingSpec<number> {
  return {
    env,
    flag,
    kind: 'int',
    description,
    defaultText: String(def),
    fallback: () => def,
    parse: (raw) => {
      if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${env} must be an integer, got "${raw}"`);
      const n = Number(raw);
      if (n < min || n > max) throw new ConfigError(`${env} must be between ${min} and ${max}, got ${n}`);
      return n;
    },
  };
}

function boolSetting(env: string, flag: string, def: boolean, description: string): SettingSpec<boolean> {
  return {
    env,
    flag,
    kind: 'bool',
    description,
    defaultText: String(def),
    fallback: () => def,
    parse: (raw) => {
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      throw new ConfigError(`${env} must be true or false, got "${raw}"`);
    },
  };
}

function stringSetting(env: string, flag: string, def: string, description: string): SettingSpec<string> {
  return { env, flag, kind: 'string', description, defaultText: def === '' ? '(empty)' : def, fallback: () => def, parse: (raw) => raw };
}

function optionalUrlSetting(env: string, flag: string, protocols: string[], description: string): SettingSpec<string | null> {
  return {
    env,
    flag,
    kind: 'url',
    description,
    defaultText: '(unset)',
    fallback: () => null,
    parse: (raw) => {
      if (raw.trim() === '') return null;
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new ConfigError(`${env} must be a URL (${protocols.join(' or ')}), got an unparseable value`);
      }
      if (!protocols.includes(url.protocol)) throw new ConfigError(`${env} must use ${protocols.join(' or ')}, got ${url.protocol}`);
      return raw;
    },
  };
}

function listSetting(env: string, flag: string, def: string[], description: string): SettingSpec<string[]> {
  return {
    env,
    flag,
    kind: 'list',
    description,
    defaultText: def.length ? def.join(',') : '(empty)',
    fallback: () => def,
    parse: (raw) =>
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
  };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const MODULE_NAMES = ['gateway', 'bookkeeping', 'trading', 'status-board'] as const;
export type ModuleName = (typeof MODULE_NAMES)[number];

export const settings = {
  port: intSetting('PORT', '--port', 8000, 0, 65535, 'TCP port the server listens on.'),
  host: stringSetting('HOST', '--host', '127.0.0.1', 'Interface to bind. Use 0.0.0.0 to listen on every interface.'),
  dataDir: stringSetting('DATA_DIR', '--data-dir', './data', 'Directory of the embedded database (PGlite) and local state.'),
  databaseUrl: optionalUrlSetting('DATABASE_URL', '--database-url', ['postgres:', 'postgresql:'], 'PostgreSQL server to use instead of the embedded database.'),
  databasePoolSize: intSetting('DATABASE_POOL_SIZE', '--database-pool-size', 10, 1, 200, 'Connections per process in the PostgreSQL pool.'),
  redisUrl: optionalUrlSetting('REDIS_URL', '--redis-url', ['redis:', 'rediss:'], 'Redis for rate limits and caches shared across server processes.'),
  redisKeyPrefix: stringSetting(
    'REDIS_KEY_PREFIX',
    '--redis-key-prefix',
    'tessera:',
    'Prefix of the rate-limit keys in Redis, so deployments (or test runs) can share one Redis.',
  ),
  secretKeys: listSetting(
    'SECRET_KEYS',
    '--secret-keys',
    [],
    'Comma list of `keyId:base64(32 bytes)`; the first encrypts, all decrypt. Unset: a key is generated once under DATA_DIR.',
  ),
  corsOrigins: listSetting('CORS_ORIGINS', '--cors-origins', [], 'Comma list of browser origins allowed to call the API cross-origin.'),
  logLevel: {
    env: 'LOG_LEVEL',
    flag: '--log-level',
    kind: 'enum',
    description: `Log level: ${LOG_LEVELS.join(', ')}.`,
    defaultText: 'info',
    fallback: (): LogLevel => 'info',
    parse: (raw: string): LogLevel => {
      const v = raw.trim().toLowerCase();
      const found = LOG_LEVELS.find((l) => l === v);
      if (!found) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
      return found;
    },
  } satisfies SettingSpec<LogLevel>,
  modules: {
    env: 'MODULES',
    flag: '--modules',
    kind: 'list',
    description: `Comma list of enabled modules (${MODULE_NAMES.join(', ')}).`,
    defaultText: 'all',
    fallback: (): ModuleName[] => [...MODULE_NAMES],
    parse: (raw: string): ModuleName[] => {
      if (raw.trim() === 'all') return [...MODULE_NAMES];
      const out: ModuleName[] = [];
      for (const part of raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const found = MODULE_NAMES.find((m) => m === part);
        if (!found) throw new ConfigError(`MODULES names an unknown module "${part}"; known: ${MODULE_NAMES.join(', ')}`);
        out.push(found);
      }
      return out;
    },
  } satisfies SettingSpec<ModuleName[]>,
  seedDemo: boolSetting('SEED_DEMO', '--seed-demo', true, 'Create the demo user, organizations and module data on first start with an empty database.'),
  demoPassword: stringSetting('DEMO_PASSWORD', '--demo-password', 'tessera-demo', 'Password of the demo user created on first start.'),
  rateLimitPerIp: intSetting('RATE_LIMIT_PER_IP', '--rate-limit-per-ip', 600, 1, 100_000_000, 'Requests per minute per client IP for unauthenticated calls.'),
  rateLimitPerKey: intSetting('RATE_LIMIT_PER_KEY', '--rate-limit-per-key', 60_000, 1, 100_000_000, 'Requests per minute per API key or session.'),
  bodyLimitBytes: intSetting('BODY_LIMIT_BYTES', '--body-limit-bytes', 1_048_576, 1024, 1_073_741_824, 'Largest accepted JSON request body.'),
  uploadLimitBytes: intSetting(
    'UPLOAD_LIMIT_BYTES',
    '--upload-limit-bytes',
    104_857_600,
    1024,
    10_737_418_240,
    'Largest accepted file upload (bank statements, trade exports).',
  ),
  sessionTtlHours: intSetting('SESSION_TTL_HOURS', '--session-ttl-hours', 24 * 7, 1, 24 * 365, 'Lifetime of a browser session.'),
  trustProxy: boolSetting('TRUST_PROXY', '--trust-proxy', false, 'Trust X-Forwarded-* headers (only behind a reverse proxy you control).'),
  secureCookies: boolSetting('SECURE_COOKIES', '--secure-cookies', false, 'Mark session cookies Secure (enable when served over HTTPS).'),
  webDistDir: stringSetting('WEB_DIST_DIR', '--web-dist-dir', 'apps/web/dist', 'Production build of the web shell served at /.'),
  gitSha: stringSetting('GIT_SHA', '--git-sha', '', 'Commit reported by /healthz; read from git at start when unset.'),
  paperMarketIntervalMs: intSetting(
    'PAPER_MARKET_INTERVAL_MS',
    '--paper-market-interval-ms',
    60_000,
    0,
    86_400_000,
    'How often each server process runs the trading paper market (extends synthetic price feeds, fills resting paper orders); 0 turns the timer off, the manual tick still works.',
  ),
} as const;

export type SettingKey = keyof typeof settings;
export type Config = { [K in SettingKey]: ReturnType<(typeof settings)[K]['fallback']> };
