import { Link } from 'react-router';
import { Suspense, useEffect } from 'react';
import { useMe } from '../session/require-session.tsx';
import { ErrorBoundary } from '../shell/error-boundary.tsx';
import type { ShellModuleEntry } from '../shell/module-entries.ts';
import { useOrgSelection } from '../shell/org-selection.tsx';

/** Hosts one module under its path, acting in the organization chosen for it. */
export function ModulePage({ entry }: { entry: ShellModuleEntry }) {
  const me = useMe();
  const { orgFor } = useOrgSelection();
  const org = orgFor(entry);
  const ModuleComponent = entry.Component;

  useEffect(() => {
    document.title = `${entry.title} · Tessera`;
    return () => {
      document.title = 'Tessera';
    };
  }, [entry.title]);

  if (!org) {
    return (
      <section className="panel">
        <h1>{entry.title}</h1>
        <p>
          {me.user ? 'You are not a member of any organization yet.' : 'This API key has no organization.'} Ask an owner to invite you, then{' '}
          <Link to="/">return home</Link>.
        </p>
      </section>
    );
  }
  // Keyed by organization so nothing of one tenant's page state survives a switch to another.
  return (
    <ErrorBoundary area={entry.title} resetKey={org.slug}>
      <div className="module-host" data-testid={`module-page-${entry.name}`}>
        <Suspense
          fallback={
            <p className="muted" role="status">
              Loading {entry.title}…
            </p>
          }
        >
          <ModuleComponent key={org.slug} org={org.slug} basePath={entry.path} />
        </Suspense>
      </div>
    </ErrorBoundary>
  );
}
