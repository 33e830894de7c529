import { Route, Routes } from 'react-router';
import { HomePage } from './pages/home-page.tsx';
import { ModulePage } from './pages/module-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { RequireSession } from './session/require-session.tsx';
import { useSession } from './session/use-session.ts';
import { AppShell } from './shell/app-shell.tsx';
import { ErrorBoundary } from './shell/error-boundary.tsx';
import { enabledEntries } from './shell/module-entries.ts';

export function App() {
  const { data: me } = useSession();
  // Module routes exist only for modules the server reports as enabled (known once signed in).
  const entries = me ? enabledEntries(me) : [];
  return (
    <ErrorBoundary area="Tessera">
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route
          element={
            <RequireSession>
              <AppShell />
            </RequireSession>
          }
        >
          <Route index element={<HomePage />} />
          {entries.map((entry) => (
            <Route key={entry.name} path={`${entry.path.replace(/^\/+/, '')}/*`} element={<ModulePage entry={entry} />} />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </ErrorBoundary>
  );
}
