import { ApiError, apiFetch, setCsrfToken } from '@tessera/core/web';

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

export interface MeOrganization {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

export interface MeModule {
  name: string;
  title: string;
  summary: string;
  webPath: string;
  demoOrgSlug: string;
}

export interface Me {
  user: { id: string; label: string } | null;
  kind: 'api-key' | 'session';
  csrfToken: string | null;
  organizations: MeOrganization[];
  modules: MeModule[];
}

export const SESSION_QUERY_KEY = ['session', 'me'] as const;

/**
 * Who is signed in, or null when nobody is. The CSRF token lives only in memory, so every load of
 * `me` (a page reload included) hands it back to the API client.
 */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    const me = await apiFetch<Me>('/api/auth/me', signal ? { signal } : {});
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export async function signIn(email: string, password: string): Promise<void> {
  const res = await apiFetch<{ csrfToken: string; userId: string }>('/api/auth/sign-in', { method: 'POST', body: { email, password } });
  setCsrfToken(res.csrfToken);
}

export async function signOut(): Promise<void> {
  try {
    await apiFetch<{ ok: boolean }>('/api/auth/sign-out', { method: 'POST' });
  } catch (err) {
    // An expired session is already signed out; anything else is worth showing.
    if (!(err instanceof ApiError && err.status === 401)) throw err;
  } finally {
    setCsrfToken(null);
  }
}

/** A sentence for a person, from whatever the API client threw. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const ref = err.body.requestId ? ` (reference ${err.body.requestId})` : '';
    return `${err.body.message}${err.body.hint ? ` ${err.body.hint}` : ''}${ref}`;
  }
  if (err instanceof TypeError) return 'The server could not be reached. Check your connection and try again.';
  return err instanceof Error ? err.message : 'Something went wrong.';
}
