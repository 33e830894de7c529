// Regenerates docs/errors.md from the error catalogue of core and every module.
import { writeFileSync } from 'node:fs';
import '@tessera/server';
import { renderErrorDocs } from '@tessera/core';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorDocs());
process.stdout.write('docs/errors.md written\n');
