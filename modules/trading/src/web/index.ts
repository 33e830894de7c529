import type { ModuleWebEntry } from '@tessera/core/web';
import { createElement } from 'react';

// Replaced by the module's pages.
export const tradingWeb: ModuleWebEntry = {
  name: 'trading',
  title: 'Oh My Coins',
  path: '/trading',
  defaultOrgSlug: 'oh-my-coins',
  Component: ({ org }) => createElement('p', null, `Oh My Coins for ${org}`),
};
