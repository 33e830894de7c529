import { ConfigError, createPlatform, loadConfig, migrate, type CliCommand } from '@tessera/core';
import pino from 'pino';
import { migrationSources } from './build-app.ts';
import { createCliIo } from './cli-io.ts';
import { coreCommands, UsageError } from './core-commands.ts';
import { ALL_MODULES, enabledModules } from './all-modules.ts';

/**
 * `tessera <command> [args]`. Honours the same DATA_DIR / DATABASE_URL (env or flags) as the
 * server: platform flags such as --data-dir may come before the command words.
 */
async function main(argv: string[]): Promise<number> {
  const io = createCliIo();
  const commands: CliCommand[] = [...coreCommands, ...ALL_MODULES.flatMap((m) => m.cli ?? [])];
  const { platformArgs, rest } = splitPlatformFlags(argv);
  const match = commands.filter((c) => c.name.split(' ').every((w, i) => rest[i] === w)).sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)[0];
  if (!match || rest.includes('--help')) {
    io.out('Usage: tessera [--data-dir DIR | --database-url URL] <command> [options]\n\nCommands:');
    for (const c of commands) io.out(`  ${c.usage}\n      ${c.summary}`);
    return match || rest.length === 0 || rest.includes('--help') ? 0 : 2;
  }
  let config;
  try {
    config = loadConfig(process.env, platformArgs);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 2;
    }
    throw err;
  }
  const platform = await createPlatform(config, { logger: pino({ level: 'warn' }), processMetrics: false });
  try {
    await migrate(platform.database, migrationSources(enabledModules(config.modules)));
    return await match.run(rest.slice(match.name.split(' ').length), platform, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\nusage: ${match.usage}`);
      return 2;
    }
    const coded = err as { code?: unknown; message?: string };
    io.err(`error${typeof coded.code === 'string' ? ` ${coded.code}` : ''}: ${coded.message ?? String(err)}`);
    return 1;
  } finally {
    await platform.close();
  }
}

const PLATFORM_FLAGS = new Set(['--data-dir', '--database-url', '--redis-url', '--secret-keys', '--log-level', '--modules']);

function splitPlatformFlags(argv: string[]): { platformArgs: string[]; rest: string[] } {
  const platformArgs: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const flag = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (PLATFORM_FLAGS.has(flag)) {
      platformArgs.push(a);
      if (!a.includes('=') && argv[i + 1] !== undefined) platformArgs.push(argv[++i] ?? '');
    } else rest.push(a);
  }
  return { platformArgs, rest };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
