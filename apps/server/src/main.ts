import { ConfigError, loadConfig } from '@tessera/core';
import { buildApp } from './build-app.ts';
import { seedDemoIfEmpty } from './demo-seed.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const built = await buildApp(config);
  const { app, platform } = built;
  if (config.seedDemo) {
    const demo = await seedDemoIfEmpty(platform, built.modules);
    if (demo) {
      platform.log.info({ email: demo.email }, 'demo data created');
      process.stdout.write(
        `\n  Demo user created. Sign in at http://${config.host}:${config.port}/ with\n    email:    ${demo.email}\n    password: ${demo.password}\n\n`,
      );
    }
  }
  await app.listen({ port: config.port, host: config.host });
  process.stdout.write(`Tessera ${platform.version} (${platform.database.kind}) serving http://${config.host}:${config.port}  — API reference at /docs\n`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    platform.log.info({ signal }, 'shutting down');
    built.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Tessera failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
