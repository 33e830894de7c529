import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { ModuleWebEntry } from '@tessera/core/web';
import type { Me } from '../session/session-api.ts';
import type { ModuleRef } from './org-defaults.ts';

export interface ModuleProps {
  org: string;
  basePath: string;
}

/** A module the shell can host: its name, title and paths come from the server, its pages load on first visit. */
export interface ShellModuleEntry extends ModuleRef {
  title: string;
  Component: LazyExoticComponent<ComponentType<ModuleProps>>;
}

/**
 * Every module whose pages this build ships. Each is a separate chunk, so signing in downloads the
 * shell only and a user of one product never downloads the other three.
 */
const MODULE_LOADERS: Readonly<Record<string, () => Promise<ModuleWebEntry>>> = {
  gateway: () => import('@tessera/gateway/web').then((m) => m.gatewayWeb),
  bookkeeping: () => import('@tessera/bookkeeping/web').then((m) => m.bookkeepingWeb),
  trading: () => import('@tessera/trading/web').then((m) => m.tradingWeb),
  'status-board': () => import('@tessera/status-board/web').then((m) => m.statusBoardWeb),
};

// One lazy component per module for the page's lifetime: a new identity on each render would remount the module.
const lazyComponents = new Map<string, LazyExoticComponent<ComponentType<ModuleProps>>>();

function lazyComponentFor(name: string, load: () => Promise<ModuleWebEntry>): LazyExoticComponent<ComponentType<ModuleProps>> {
  let component = lazyComponents.get(name);
  if (!component) {
    // The core contract types the component loosely so module code needs no React types; it is a component.
    component = lazy(() => load().then((entry) => ({ default: entry.Component as ComponentType<ModuleProps> })));
    lazyComponents.set(name, component);
  }
  return component;
}

/** Whether this build has pages for the module. */
export function hasPages(name: string): boolean {
  return Object.hasOwn(MODULE_LOADERS, name);
}

/** The entries the server lists as enabled and this build has pages for, in the server's order. */
export function enabledEntries(me: Me): ShellModuleEntry[] {
  const out: ShellModuleEntry[] = [];
  for (const m of me.modules) {
    const load = MODULE_LOADERS[m.name];
    if (!load) continue;
    out.push({ name: m.name, title: m.title, path: m.webPath, defaultOrgSlug: m.demoOrgSlug, Component: lazyComponentFor(m.name, load) });
  }
  return out;
}

export { defaultOrgFor, entryForPath } from './org-defaults.ts';
