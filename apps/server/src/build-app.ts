import {
  coreMigrationsDir,
  createApp,
  createPlatform,
  migrate,
  type App,
  type Config,
  type Platform,
  type PlatformOptions,
  type TesseraModule,
} from '@tessera/core';
import { loadModules } from './module-registry.ts';

export interface BuiltApp {
  app: App;
  platform: Platform;
  modules: TesseraModule[];
  close(): Promise<void>;
}

export function migrationSources(modules: readonly TesseraModule[]) {
  return [{ owner: 'core', dir: coreMigrationsDir }, ...modules.map((m) => ({ owner: m.name, dir: m.migrationsDir }))];
}

/** The app factory: platform services, migrations, HTTP app with the enabled modules. */
export async function buildApp(config: Config, options: PlatformOptions & { migrate?: boolean } = {}): Promise<BuiltApp> {
  const modules = await loadModules(config.modules);
  const platform = await createPlatform(config, options);
  try {
    if (options.migrate !== false) await migrate(platform.database, migrationSources(modules));
    const app = await createApp(platform, modules);
    await app.ready();
    await platform.jobs.start();
    return {
      app,
      platform,
      modules,
      close: async () => {
        await app.close();
        await platform.close();
      },
    };
  } catch (err) {
    await platform.close();
    throw err;
  }
}
