import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import './all-modules.ts';
import { errorCatalogue, renderErrorDocs } from '@tessera/core';

describe('error catalogue', () => {
  it('is documented in docs/errors.md exactly as the code defines it', () => {
    const committed = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    expect(committed, 'run `npm run docs:errors`').toBe(renderErrorDocs());
  });

  it('gives every code a status, message and hint', () => {
    for (const e of errorCatalogue()) {
      expect(e.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(e.message.length).toBeGreaterThan(5);
      expect(e.hint.length).toBeGreaterThan(5);
    }
  });
});
