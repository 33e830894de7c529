import { ConfigError, settings, type Config, type SettingKey } from './config-schema.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Builds the one config object from environment variables and CLI flags (flags win). This is the
 * only place in the code base that reads the environment; everything else receives `Config`.
 */
export function loadConfig(env: Environment, argv: readonly string[] = [], overrides: Partial<Config> = {}): Config {
  const flags = parseFlags(argv);
  const errors: string[] = [];
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(settings) as SettingKey[]) {
    const spec = settings[key];
    const raw = flags.get(spec.flag) ?? env[spec.env];
    if (raw === undefined || raw === '') {
      out[key] = spec.fallback();
      continue;
    }
    try {
      out[key] = spec.parse(raw);
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  for (const flag of flags.keys()) {
    if (!Object.values(settings).some((s) => s.flag === flag)) errors.push(`unknown flag ${flag}`);
  }
  if (errors.length) throw new ConfigError(`Invalid configuration:\n  - ${errors.join('\n  - ')}`);
  return { ...(out as Config), ...overrides };
}

function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags.set(arg.slice(0, eq), arg.slice(eq + 1));
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) flags.set(arg, 'true');
      else {
        flags.set(arg, next);
        i++;
      }
    }
  }
  return flags;
}

/** Markdown table of every setting, used by the README (kept in sync by a test). */
export function renderConfigTable(): string {
  const rows = Object.values(settings).map(
    (s) =>
      `| \`${s.env}\` | \`${s.flag}\` | ${s.defaultText === '(unset)' || s.defaultText === '(empty)' ? s.defaultText : `\`${s.defaultText}\``} | ${s.description} |`,
  );
  return ['| Variable | Flag | Default | Meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
