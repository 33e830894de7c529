import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ModuleWebEntry } from '@tessera/core/web';
import type { MeOrganization } from '../session/session-api.ts';
import { orgForModule } from './org-defaults.ts';

const STORAGE_KEY = 'tessera.orgByModule';

interface OrgSelection {
  /** The organization a module acts in: the user's pick, else the module's default. */
  orgFor: (entry: ModuleWebEntry) => MeOrganization | null;
  choose: (entry: ModuleWebEntry, slug: string) => void;
}

const OrgSelectionContext = createContext<OrgSelection | null>(null);

function readStored(): Record<string, string> {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
  } catch {
    // Private browsing or a corrupt value: start from the defaults.
    return {};
  }
}

export function OrgSelectionProvider({ organizations, children }: { organizations: readonly MeOrganization[]; children: ReactNode }) {
  const [picked, setPicked] = useState<Record<string, string>>(readStored);

  const choose = useCallback((entry: ModuleWebEntry, slug: string) => {
    setPicked((prev) => {
      const next = { ...prev, [entry.name]: slug };
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      } catch {
        // Not persisting the choice is fine; it still applies to this tab.
      }
      return next;
    });
  }, []);

  const value = useMemo<OrgSelection>(
    () => ({
      orgFor: (entry) => orgForModule(entry, organizations, picked),
      choose,
    }),
    [organizations, picked, choose],
  );
  return <OrgSelectionContext.Provider value={value}>{children}</OrgSelectionContext.Provider>;
}

export function useOrgSelection(): OrgSelection {
  const ctx = useContext(OrgSelectionContext);
  if (!ctx) throw new Error('useOrgSelection must be used inside OrgSelectionProvider');
  return ctx;
}
