import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <section className="panel" data-testid="not-found">
      <h1>Page not found</h1>
      <p>
        Nothing lives at <code>{location.pathname}</code>. It may have moved, or the product it belongs to is not enabled on this server.
      </p>
      <Link className="button" to="/">
        Back to home
      </Link>
    </section>
  );
}
