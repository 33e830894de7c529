import {
  createApiKey,
  createOrganization,
  createUser,
  addMember,
  findOrganizationBySlug,
  findUserByEmail,
  migrate,
  ROLES,
  type CliCommand,
  type Role,
} from '@tessera/core';
import { migrationSources } from './build-app.ts';
import { enabledModules } from './all-modules.ts';
import { reencryptSecrets } from './secret-rotation.ts';

export interface ParsedArgs {
  flags: Map<string, string | true>;
  positional: string[];
}

export function parseArgs(args: string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else if (args[i + 1] !== undefined && !(args[i + 1] ?? '').startsWith('--')) flags.set(a.slice(2), args[++i] ?? '');
      else flags.set(a.slice(2), true);
    } else positional.push(a);
  }
  return { flags, positional };
}

function need(p: ParsedArgs, name: string): string {
  const v = p.flags.get(name);
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

const SYSTEM = { type: 'system' as const, id: 'cli' };

export const coreCommands: CliCommand[] = [
  {
    name: 'migrate',
    summary: 'Apply pending migrations of core and every enabled module',
    usage: 'tessera migrate',
    run: async (_args, platform, io) => {
      const applied = await migrate(platform.database, migrationSources(enabledModules(platform.config.modules)));
      io.out(applied.length ? applied.map((a) => `applied ${a.owner}/${a.name}`).join('\n') : 'database is up to date');
      return 0;
    },
  },
  {
    name: 'org create',
    summary: 'Create an organization',
    usage: 'tessera org create --slug <slug> --name <name> [--json]',
    run: async (args, platform, io) => {
      const p = parseArgs(args);
      const org = await createOrganization(platform.database.db, need(p, 'slug'), need(p, 'name'), SYSTEM);
      io.out(p.flags.has('json') ? JSON.stringify({ id: org.id, slug: org.slug, name: org.name }) : `created organization ${org.slug} (${org.id})`);
      return 0;
    },
  },
  {
    name: 'user create',
    summary: 'Create a user, optionally as a member of an organization',
    usage: 'tessera user create --email <email> --name <name> --password <password> [--org <slug> --role <role>] [--json]',
    run: async (args, platform, io) => {
      const p = parseArgs(args);
      const db = platform.database.db;
      const password = need(p, 'password');
      if (password.length < 8) throw new UsageError('--password must be at least 8 characters');
      const user = (await findUserByEmail(db, need(p, 'email'))) ?? (await createUser(db, { email: need(p, 'email'), name: need(p, 'name'), password }));
      const orgSlug = p.flags.get('org');
      if (typeof orgSlug === 'string') {
        const org = await findOrganizationBySlug(db, orgSlug);
        if (!org) throw new UsageError(`no organization with slug ${orgSlug}`);
        await addMember(db, org.id, user.id, parseRole(p.flags.get('role') ?? 'member'), SYSTEM);
      }
      io.out(p.flags.has('json') ? JSON.stringify({ id: user.id, email: user.email }) : `user ${user.email} (${user.id})`);
      return 0;
    },
  },
  {
    name: 'apikey create',
    summary: 'Create an API key for an organization and print it once',
    usage: 'tessera apikey create --org <slug> --role <owner|admin|member|viewer> [--name <name>] [--scopes a,b] [--expires <ISO date>] [--json]',
    run: async (args, platform, io) => {
      const p = parseArgs(args);
      const org = await findOrganizationBySlug(platform.database.db, need(p, 'org'));
      if (!org) throw new UsageError(`no organization with slug ${need(p, 'org')}`);
      const role = parseRole(need(p, 'role'));
      const scopesFlag = p.flags.get('scopes');
      const scopes =
        typeof scopesFlag === 'string'
          ? scopesFlag
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : ['*'];
      const expires = p.flags.get('expires');
      const expiresAt = typeof expires === 'string' ? new Date(expires) : null;
      if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new UsageError('--expires must be an ISO date');
      const nameFlag = p.flags.get('name');
      const { key, row } = await createApiKey(
        platform.database.db,
        { orgId: org.id, name: typeof nameFlag === 'string' ? nameFlag : `${role} key (cli)`, role, scopes, expiresAt, ownerUserId: null, createdBy: null },
        SYSTEM,
      );
      if (p.flags.has('json')) io.out(JSON.stringify({ key, id: row.id, org: org.slug, role, scopes: row.scopes, prefix: row.prefix }));
      else io.out(`${key}\n(shown once; id ${row.id}, role ${role}, scopes ${row.scopes.join(',')})`);
      return 0;
    },
  },
  {
    name: 'secrets reencrypt',
    summary: 'Re-encrypt every stored secret with the current (first) key of SECRET_KEYS; aborts on any failure',
    usage: 'tessera secrets reencrypt [--json]',
    run: async (args, platform, io) => {
      const result = await reencryptSecrets(platform, enabledModules(platform.config.modules));
      io.out(
        parseArgs(args).flags.has('json')
          ? JSON.stringify(result)
          : `re-encrypted ${result.reencrypted} secret(s) with key ${result.keyId}; ${result.alreadyCurrent} already current`,
      );
      return 0;
    },
  },
];

function parseRole(value: string | true): Role {
  const found = ROLES.find((r) => r === value);
  if (!found) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return found;
}
