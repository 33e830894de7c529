/**
 * Where to go after signing in: the path the visitor was sent away from, but only a path on this
 * site, so a crafted link can never bounce a fresh session to another origin.
 */
export function safeReturnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  if (typeof from !== 'string' || !from.startsWith('/')) return '/';
  // `//host` and `/\host` are protocol-relative to browsers; the sign-in page itself would loop.
  if (from.startsWith('//') || from.startsWith('/\\') || from.startsWith('/sign-in')) return '/';
  return from;
}
