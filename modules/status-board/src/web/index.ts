import type { ModuleWebEntry } from '@tessera/core/web';
import { StatusBoardApp } from './status-board-app.tsx';

export const statusBoardWeb: ModuleWebEntry = {
  name: 'status-board',
  title: 'Status Board',
  path: '/status-board',
  defaultOrgSlug: 'edgars-auto',
  Component: StatusBoardApp,
};

export { useStatusBoard } from './hooks/use-status-board.ts';
