import type { ComponentType } from 'react';
import type { ModuleWebEntry } from '@tessera/core/web';
import { bookkeepingWeb } from '@tessera/bookkeeping/web';
import { gatewayWeb } from '@tessera/gateway/web';
import { statusBoardWeb } from '@tessera/status-board/web';
import { tradingWeb } from '@tessera/trading/web';
import type { Me } from '../session/session-api.ts';

export interface ModuleProps {
  org: string;
  basePath: string;
}

/** Every module the shell knows how to render; the server decides which of them are enabled. */
export const MODULE_ENTRIES: readonly ModuleWebEntry[] = [gatewayWeb, bookkeepingWeb, tradingWeb, statusBoardWeb];

// The core contract types the component loosely so module code needs no React types; it is a component.
export function moduleComponent(entry: ModuleWebEntry): ComponentType<ModuleProps> {
  return entry.Component as ComponentType<ModuleProps>;
}

/** The entries the server lists as enabled, in the server's order. */
export function enabledEntries(me: Me): ModuleWebEntry[] {
  const out: ModuleWebEntry[] = [];
  for (const m of me.modules) {
    const entry = MODULE_ENTRIES.find((e) => e.name === m.name);
    if (entry) out.push(entry);
  }
  return out;
}

export { defaultOrgFor, entryForPath } from './org-defaults.ts';
