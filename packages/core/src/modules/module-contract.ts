import type { ModuleName } from '../config/config-schema.ts';
import type { Platform } from '../platform.ts';
import type { App } from '../http/create-app.ts';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Redraws a one-line progress bar on a terminal; prints occasional lines otherwise. */
  progress: (label: string, done: number, total: number | null) => void;
}

export interface CliCommand {
  /** Words after `tessera`, e.g. `bookkeeping import`. */
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(args: string[], platform: Platform, io: CliIo): Promise<number>;
}

/** A field holding ciphertexts made by `SecretBox`, for `tessera secrets reencrypt`. */
export interface SecretColumn {
  table: string;
  idColumn: string;
  column: string;
  /** SQL expression, over the row, that rebuilds the additional authenticated data. */
  aadSql: string;
}

export interface DemoSeedContext {
  platform: Platform;
  orgId: string;
  orgSlug: string;
  userId: string;
}

/** What every module hands to the server. Modules never import one another. */
export interface TesseraModule {
  name: ModuleName;
  title: string;
  summary: string;
  /** Absolute path of the module's SQL migrations. */
  migrationsDir: string;
  /** Registers the module's routes; called as a named, encapsulated Fastify plugin. */
  register(app: App, platform: Platform): Promise<void>;
  demoOrg: { slug: string; name: string };
  seedDemo?(ctx: DemoSeedContext): Promise<void>;
  cli?: CliCommand[];
  secretColumns?: SecretColumn[];
  /** Route of the module's page in the web shell. */
  webPath: string;
}
