import { mkdirSync, createReadStream, existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { CliCommand, Platform } from '@tessera/core';
import { findCompany } from '../companies/company-repository.ts';
import { rows } from '../db/sql-rows.ts';
import { importBankFile } from '../import/import-service.ts';
import { PROFILES } from '../simulate/company-profiles.ts';
import { simulateCompany, toBankCsv } from '../simulate/bank-simulator.ts';
import { evaluateCategorizer } from '../simulate/evaluate-model.ts';

/** Minimal `--flag value` parser; positional arguments are returned in order. */
function parseArgs(args: string[]): { flags: Map<string, string>; rest: string[] } {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (v !== undefined) flags.set(k, v);
      else if (args[i + 1] !== undefined && !(args[i + 1] as string).startsWith('--')) flags.set(k, args[++i] as string);
      else flags.set(k, 'true');
    } else rest.push(a);
  }
  return { flags, rest };
}

async function orgIdOf(platform: Platform, slug: string | undefined): Promise<string | null> {
  const [org] = await rows<{ id: string }>(platform.database.db, sql`select id from core.organizations where slug = ${slug ?? 'midwest-accounting'}`);
  return org?.id ?? null;
}

const importCommand: CliCommand = {
  name: 'bookkeeping import',
  summary: 'Import bank files (CSV, OFX, QFX) into a company; each file is all-or-nothing',
  usage:
    'tessera bookkeeping import --company <id|slug> [--org <slug>] [--account <code|id>] [--preset <name>] [--encoding utf-8|iso-8859-1|windows-1252] <files...>',
  async run(args, platform, io) {
    const { flags, rest } = parseArgs(args);
    const company = flags.get('company');
    if (!company || rest.length === 0) {
      io.err(`usage: ${this.usage}`);
      return 2;
    }
    const orgId = await orgIdOf(platform, flags.get('org'));
    if (!orgId) {
      io.err(`no organization "${flags.get('org') ?? 'midwest-accounting'}"`);
      return 2;
    }
    const c = await findCompany(platform.database.db, orgId, company).catch(() => null);
    if (!c) {
      io.err(`no company "${company}"`);
      return 2;
    }
    const accountRef = flags.get('account') ?? '1000';
    const [acc] = await rows<{ id: string }>(
      platform.database.db,
      sql`select id from bookkeeping.accounts where company_id = ${c.id} and (code = ${accountRef} or id::text = ${accountRef})`,
    );
    if (!acc) {
      io.err(`no bank account "${accountRef}" in ${c.slug}`);
      return 2;
    }
    let failed = 0;
    for (const file of rest) {
      if (!existsSync(file)) {
        io.err(`${file}: no such file`);
        failed++;
        continue;
      }
      try {
        const s = await importBankFile(platform, {
          orgId,
          company: c.id,
          bankAccountId: acc.id,
          fileName: basename(file),
          open: () => createReadStream(file, { highWaterMark: 256 * 1024 }),
          options: {
            ...(flags.get('preset') ? { preset: flags.get('preset') as string } : {}),
            ...(flags.get('encoding') ? { encoding: flags.get('encoding') as 'utf-8' } : {}),
          },
          userId: null,
          actor: { type: 'system', id: 'cli' },
          sizeBytes: statSync(file).size,
          // lines stored against the file's (estimated, then exact) line count: a bar with a percentage
          onProgress: (n, total) => io.progress(`${basename(file)} lines`, n, total),
        });
        io.out(`${file}: ${s.status}, ${s.linesAdded} added, ${s.linesSkipped} already known, ${s.autoApproved} auto-approved, ${s.inReview} to review`);
      } catch (err) {
        const e = err as { message: string; details?: { errors?: { line: number; message: string }[] } };
        io.err(`${file}: ${e.message}`);
        for (const le of e.details?.errors?.slice(1, 10) ?? []) io.err(`  line ${le.line}: ${le.message}`);
        failed++;
      }
    }
    return failed > 0 ? 1 : 0;
  },
};

const simulateCommand: CliCommand = {
  name: 'bookkeeping simulate',
  summary: "Write deterministic bank CSVs for the brief's five companies (12 months of 2025)",
  usage: 'tessera bookkeeping simulate --out <dir> [--scale N] [--seed N]',
  async run(args, _platform, io) {
    const { flags } = parseArgs(args);
    const out = flags.get('out');
    const scale = Number(flags.get('scale') ?? '1');
    const seed = Number(flags.get('seed') ?? '42');
    if (!out || !Number.isFinite(scale) || scale <= 0 || !Number.isInteger(seed)) {
      io.err(`usage: ${this.usage}`);
      return 2;
    }
    mkdirSync(out, { recursive: true });
    for (const p of PROFILES) {
      const lines = simulateCompany(p, seed, scale);
      writeFileSync(join(out, `${p.slug}.csv`), toBankCsv(lines, p.openingCents));
      writeFileSync(
        join(out, `${p.slug}.labels.csv`),
        `date,amount_cents,description,account\n${lines.map((l) => `${l.date},${l.amountCents},"${l.description.replace(/"/g, '""')}",${l.account}`).join('\n')}\n`,
      );
      io.out(`${p.name}: ${lines.length} lines -> ${join(out, `${p.slug}.csv`)}`);
    }
    return 0;
  },
};

const evaluateCommand: CliCommand = {
  name: 'bookkeeping evaluate',
  summary: 'Train on the first months of the simulation, report automated share and precision on the rest',
  usage: 'tessera bookkeeping evaluate [--company <slug>] [--json] [--seed N] [--scale N] [--train-months N] [--threshold X]',
  async run(args, _platform, io) {
    const { flags } = parseArgs(args);
    const company = flags.get('company');
    if (company && !PROFILES.some((p) => p.slug === company)) {
      io.err(`unknown company "${company}"; known: ${PROFILES.map((p) => p.slug).join(', ')}`);
      return 2;
    }
    const e = evaluateCategorizer({
      seed: Number(flags.get('seed') ?? '42'),
      scale: Number(flags.get('scale') ?? '1'),
      trainMonths: Number(flags.get('train-months') ?? '6'),
      threshold: Number(flags.get('threshold') ?? '0.9'),
      ...(company ? { company } : {}),
    });
    if (flags.has('json')) {
      io.out(JSON.stringify(e, null, 2));
      return 0;
    }
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    io.out(`trained on months 1-${e.trainMonths}, evaluated on months ${e.trainMonths + 1}-12, threshold ${e.threshold}`);
    for (const [slug, c] of Object.entries(e.companies))
      io.out(`  ${slug.padEnd(20)} ${String(c.lines).padStart(5)} lines  automated ${pct(c.automatedShare)}  precision ${pct(c.precision)}`);
    io.out(`  ${'ALL'.padEnd(20)} automated ${pct(e.automatedShare)}  precision ${pct(e.precision)}`);
    io.out('threshold  automated  precision');
    for (const p of e.curve) io.out(`  ${p.threshold.toFixed(2)}     ${pct(p.automatedShare).padStart(6)}     ${pct(p.precision).padStart(6)}`);
    return 0;
  },
};

export const bookkeepingCli: CliCommand[] = [importCommand, simulateCommand, evaluateCommand];
