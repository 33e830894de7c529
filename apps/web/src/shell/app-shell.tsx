import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useId } from 'react';
import { useMe } from '../session/require-session.tsx';
import { describeError, SESSION_QUERY_KEY, signOut } from '../session/session-api.ts';
import { ErrorBoundary } from './error-boundary.tsx';
import { enabledEntries, entryForPath } from './module-entries.ts';
import { useOrgSelection } from './org-selection.tsx';

/** Header, module navigation and the page area every signed-in page shares. */
export function AppShell() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { orgFor, choose } = useOrgSelection();
  const orgPickerId = useId();
  const entries = enabledEntries(me);
  const current = entryForPath(entries, location.pathname);
  const currentOrg = current ? orgFor(current) : null;

  const signOutMutation = useMutation({
    mutationFn: signOut,
    onSuccess: async () => {
      queryClient.clear();
      queryClient.setQueryData(SESSION_QUERY_KEY, null);
      await navigate('/sign-in', { replace: true });
    },
  });

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <Link to="/" className="brand" aria-label="Tessera home">
            <span className="brand-mark" aria-hidden="true" />
            Tessera
          </Link>
          <nav className="module-nav" aria-label="Modules">
            <ul>
              {entries.map((entry) => (
                <li key={entry.name}>
                  <NavLink to={entry.path} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                    {entry.title}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="header-tools">
            {current && currentOrg && me.organizations.length > 0 ? (
              <div className="org-picker">
                <label htmlFor={orgPickerId}>Organization</label>
                <select id={orgPickerId} value={currentOrg.slug} onChange={(e) => choose(current, e.target.value)} data-testid="org-picker">
                  {me.organizations.map((o) => (
                    <option key={o.id} value={o.slug}>
                      {o.name} ({o.role})
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <span className="user-label" title="Signed in as">
              {me.user?.label ?? 'API key'}
            </span>
            <button type="button" className="button button-secondary" onClick={() => signOutMutation.mutate()} disabled={signOutMutation.isPending}>
              {signOutMutation.isPending ? 'Signing out…' : 'Sign out'}
            </button>
          </div>
        </div>
        {signOutMutation.isError ? (
          <p className="banner banner-error" role="alert">
            Sign-out failed: {describeError(signOutMutation.error)}
          </p>
        ) : null}
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <ErrorBoundary area="This page" resetKey={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
      <footer className="app-footer">
        <span>Tessera</span>
        <a href="/docs">API reference</a>
      </footer>
    </div>
  );
}
