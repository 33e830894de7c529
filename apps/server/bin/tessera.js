#!/usr/bin/env node
// Entry for `npx tessera`: runs the TypeScript CLI with the project's pinned Node (type stripping).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const pinned = resolve(root, 'node_modules/.bin/node');
const node = existsSync(pinned) ? pinned : process.execPath;
const result = spawnSync(node, [resolve(here, '../src/cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
