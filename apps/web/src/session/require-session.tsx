import { Navigate, useLocation } from 'react-router';
import type { ReactNode } from 'react';
import { OrgSelectionProvider } from '../shell/org-selection.tsx';
import { describeError, type Me } from './session-api.ts';
import { useSession } from './use-session.ts';

/** Renders its children only for a signed-in user; sends everybody else to the sign-in page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();

  if (session.isPending) {
    return (
      <div className="splash" aria-busy="true" aria-live="polite">
        Loading Tessera…
      </div>
    );
  }
  if (session.isError) {
    return (
      <main className="splash">
        <section className="panel panel-error" role="alert">
          <h1>Tessera is not answering</h1>
          <p>{describeError(session.error)}</p>
          <button type="button" className="button" onClick={() => void session.refetch()}>
            Try again
          </button>
        </section>
      </main>
    );
  }
  if (!session.data) {
    const from = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to="/sign-in" replace state={{ from }} />;
  }
  return <OrgSelectionProvider organizations={session.data.organizations}>{children}</OrgSelectionProvider>;
}

/** The signed-in user; only for components rendered inside RequireSession. */
export function useMe(): Me {
  const { data } = useSession();
  if (!data) throw new Error('useMe is only available inside RequireSession');
  return data;
}
