import type { MeOrganization } from '../session/session-api.ts';

/** What the organization rules need of a module entry (kept apart so they test without React). */
export interface ModuleRef {
  name: string;
  path: string;
  defaultOrgSlug: string;
}

/** The module's demo organization when the user belongs to it, else their first organization. */
export function defaultOrgFor(entry: ModuleRef, organizations: readonly MeOrganization[]): MeOrganization | null {
  return organizations.find((o) => o.slug === entry.defaultOrgSlug) ?? organizations[0] ?? null;
}

/** A stored pick counts only while the user still belongs to that organization. */
export function orgForModule(entry: ModuleRef, organizations: readonly MeOrganization[], picked: Readonly<Record<string, string>>): MeOrganization | null {
  return organizations.find((o) => o.slug === picked[entry.name]) ?? defaultOrgFor(entry, organizations);
}

/** The entry whose path owns this location, if any (`/trading` owns `/trading/x`, not `/tradingx`). */
export function entryForPath<T extends ModuleRef>(entries: readonly T[], pathname: string): T | null {
  return entries.find((e) => pathname === e.path || pathname.startsWith(`${e.path}/`)) ?? null;
}
