import type { ModuleWebEntry } from '@tessera/core/web';
import { BookkeepingApp } from './bookkeeping-app.tsx';

export const bookkeepingWeb: ModuleWebEntry = {
  name: 'bookkeeping',
  title: 'AI Bookkeeper',
  path: '/bookkeeping',
  defaultOrgSlug: 'midwest-accounting',
  Component: BookkeepingApp,
};
