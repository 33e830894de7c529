import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-schema.ts';
import { loadConfig, renderConfigTable } from './load-config.ts';

describe('configuration', () => {
  it('uses documented defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8000, host: '127.0.0.1', dataDir: './data', databaseUrl: null, redisUrl: null, logLevel: 'info' });
  });

  it('lets flags override the environment', () => {
    expect(loadConfig({ PORT: '9000' }, ['--port', '9100']).port).toBe(9100);
    expect(loadConfig({}, ['--port=9200']).port).toBe(9200);
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', MODULES: 'gateway,crm' });
    } catch (err) {
      const msg = (err as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'MODULES']) expect(msg).toContain(name);
    }
  });

  it('refuses unknown flags', () => {
    expect(() => loadConfig({}, ['--prot', '1'])).toThrow(/unknown flag --prot/);
  });

  it('is documented in the README table, setting by setting', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(renderConfigTable());
  });

  it('is the only code that reads process.env', async () => {
    const { execFileSync } = await import('node:child_process');
    const hits = execFileSync('git', ['grep', '-l', 'process\\.env', '--', 'packages/core/src', 'modules/*/src', 'apps/server/src'], {
      encoding: 'utf8',
      cwd: new URL('../../../../', import.meta.url).pathname,
    })
      .split('\n')
      .filter((f) => f && !f.endsWith('.test.ts') && !f.includes('/testkit/'));
    expect(hits.filter((f) => !['apps/server/src/main.ts', 'apps/server/src/cli.ts'].includes(f))).toEqual([]);
  });
});
