import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '@tessera/core/web';
import { useId, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { safeReturnPath } from '../session/return-path.ts';
import { describeError, fetchMe, SESSION_QUERY_KEY, signIn } from '../session/session-api.ts';
import { useSession } from '../session/use-session.ts';

function signInMessage(err: unknown): string {
  if (err instanceof ApiError && err.status === 401) return 'That email and password do not match an account. Check both and try again.';
  if (err instanceof ApiError && err.status === 429) return 'Too many sign-in attempts for this account. Wait a minute and try again.';
  return describeError(err);
}

export function SignInPage() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();
  const returnTo = safeReturnPath(location.state);

  const mutation = useMutation({
    mutationFn: async () => {
      await signIn(email.trim(), password);
      queryClient.setQueryData(SESSION_QUERY_KEY, await fetchMe());
    },
    onSuccess: async () => {
      setPassword('');
      await navigate(returnTo, { replace: true });
    },
  });

  if (session.data && !mutation.isPending) return <Navigate to={returnTo} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!mutation.isPending) mutation.mutate();
  };

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Tessera
        </div>
        <h1>Sign in</h1>
        <p className="muted">Alfred, AI Bookkeeper, Oh My Coins and Status Board in one place.</p>
        <form onSubmit={onSubmit} aria-describedby={mutation.isError ? errorId : undefined} data-testid="sign-in-form">
          <div className="field">
            <label htmlFor={emailId}>Email</label>
            <input
              id={emailId}
              name="email"
              type="email"
              autoComplete="username"
              required
              maxLength={320}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoFocus
            />
          </div>
          <div className="field">
            <label htmlFor={passwordId}>Password</label>
            <input
              id={passwordId}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              maxLength={1024}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          {mutation.isError ? (
            <p id={errorId} className="form-error" role="alert">
              {signInMessage(mutation.error)}
            </p>
          ) : null}
          <button type="submit" className="button button-block" disabled={mutation.isPending}>
            {mutation.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        {session.isError ? (
          <p className="form-error" role="alert">
            {describeError(session.error)}
          </p>
        ) : null}
        <p className="muted small">
          Calling the API from a script? Use an API key; see the <a href="/docs">API reference</a>.
        </p>
      </div>
    </main>
  );
}
