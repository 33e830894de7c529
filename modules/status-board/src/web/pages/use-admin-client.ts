import { useMemo, useRef } from 'react';
import { StatusBoardClient } from '../../contracts/index.ts';

/** A client for admin pages: acts in `org` and sends the session's CSRF token on writes. */
export function useAdminClient(org: string): StatusBoardClient {
  const token = useRef<string | null>(null);
  return useMemo(() => {
    void fetch('/api/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(async (r) => (r.ok ? ((await r.json()) as { csrfToken: string | null }).csrfToken : null))
      .then((t) => (token.current = t))
      .catch(() => undefined);
    return new StatusBoardClient({ org, csrfToken: () => token.current });
  }, [org]);
}
