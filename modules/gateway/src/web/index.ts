import type { ModuleWebEntry } from '@tessera/core/web';
import { createElement } from 'react';

// Replaced by the module's pages.
export const gatewayWeb: ModuleWebEntry = {
  name: 'gateway',
  title: 'Alfred',
  path: '/gateway',
  defaultOrgSlug: 'alfred-demo',
  Component: ({ org }) => createElement('p', null, `Alfred for ${org}`),
};
