/**
 * Mechanical module boundary check: a file under modules/<name>/ may import @tessera/core (and its
 * browser-safe subpaths), third-party packages and its own files, never another module, an app,
 * or the testkit from non-test code. Every workspace also declares each package it imports in its
 * own package.json (test-only imports may be devDependencies), so nothing works only by hoisting.
 * Exits non-zero listing each violation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const modulesDir = join(root, 'modules');
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (/\.(ts|tsx|js|mjs)$/.test(entry)) yield full;
  }
}

const WORKSPACES = ['packages', 'apps', 'modules'].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => join(root, group, name))
    .filter((dir) => statSync(dir).isDirectory()),
);

function packageNameOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export function findUndeclaredImports(): string[] {
  const violations: string[] = [];
  for (const ws of WORKSPACES) {
    const manifest = JSON.parse(readFileSync(join(ws, 'package.json'), 'utf8')) as Manifest;
    const runtime = new Set(Object.keys(manifest.dependencies ?? {}));
    const dev = new Set(Object.keys(manifest.devDependencies ?? {}));
    for (const file of files(join(ws, 'src'))) {
      const isTestCode = /\.test\.tsx?$/.test(file) || file.includes(`${sep}testing${sep}`);
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? '';
        if (spec === '' || spec.startsWith('.') || spec.startsWith('node:')) continue;
        const pkg = packageNameOf(spec);
        if (pkg === manifest.name || runtime.has(pkg) || (isTestCode && dev.has(pkg))) continue;
        const where = dev.has(pkg) ? 'is only a devDependency' : 'is not declared';
        violations.push(`${relative(root, file)}: imports "${spec}" but ${pkg} ${where} in ${relative(root, ws)}/package.json`);
      }
    }
  }
  return violations;
}

export function findViolations(): string[] {
  const violations: string[] = [];
  for (const mod of readdirSync(modulesDir)) {
    const modRoot = join(modulesDir, mod);
    if (!statSync(modRoot).isDirectory()) continue;
    for (const file of files(modRoot)) {
      const text = readFileSync(file, 'utf8');
      const isTest = /\.test\.tsx?$/.test(file);
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? '';
        const where = `${relative(root, file)}: imports "${spec}"`;
        if (spec.startsWith('@tessera/')) {
          const pkg = spec.split('/').slice(0, 2).join('/');
          if (pkg === '@tessera/core' || pkg === `@tessera/${mod}`) continue;
          if (pkg === '@tessera/testkit' && isTest) continue;
          violations.push(`${where} (a module may import only @tessera/core and itself)`);
        } else if (spec.startsWith('.')) {
          const target = resolve(file, '..', spec);
          if (!target.startsWith(modRoot + sep)) violations.push(`${where} (relative import leaves the module)`);
        }
      }
    }
  }
  return violations;
}

if (import.meta.main) {
  const violations = [...findViolations(), ...findUndeclaredImports()];
  for (const v of violations) process.stderr.write(`boundary: ${v}\n`);
  if (violations.length) process.exit(1);
  process.stdout.write('module boundaries: ok\n');
}
