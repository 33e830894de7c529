import type { ModuleWebEntry } from '@tessera/core/web';
import { createElement } from 'react';

// Replaced by the module's pages.
export const bookkeepingWeb: ModuleWebEntry = {
  name: 'bookkeeping',
  title: 'AI Bookkeeper',
  path: '/bookkeeping',
  defaultOrgSlug: 'midwest-accounting',
  Component: ({ org }) => createElement('p', null, `AI Bookkeeper for ${org}`),
};
