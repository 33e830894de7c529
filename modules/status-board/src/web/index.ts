import type { ModuleWebEntry } from '@tessera/core/web';
import { createElement } from 'react';

// Replaced by the module's pages.
export const statusBoardWeb: ModuleWebEntry = {
  name: 'status-board',
  title: 'Status Board',
  path: '/status-board',
  defaultOrgSlug: 'edgars-auto',
  Component: ({ org }) => createElement('p', null, `Status Board for ${org}`),
};
