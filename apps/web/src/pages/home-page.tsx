import { Link } from 'react-router';
import { useMe } from '../session/require-session.tsx';
import { enabledEntries } from '../shell/module-entries.ts';
import { useOrgSelection } from '../shell/org-selection.tsx';

/** The enabled modules as cards, each opening in the organization it will act in. */
export function HomePage() {
  const me = useMe();
  const { orgFor } = useOrgSelection();
  const firstName = me.user?.label.split(/[\s@]/)[0];
  const entries = enabledEntries(me);

  return (
    <div className="page">
      <div className="page-header">
        <h1>{firstName ? `Welcome, ${firstName}` : 'Welcome'}</h1>
        <p className="muted">Choose a product to open. Each one works inside one of your organizations; switch it from the header.</p>
      </div>
      {me.modules.length === 0 ? (
        <p className="panel">No modules are enabled on this server. An operator can enable them with the MODULES setting.</p>
      ) : (
        <ul className="module-grid" data-testid="module-list" aria-label="Products">
          {me.modules.map((m) => {
            const entry = entries.find((e) => e.name === m.name);
            const org = entry ? orgFor(entry) : null;
            return (
              <li key={m.name} className="module-card" data-testid={`module-${m.name}`}>
                <h2>
                  {entry ? (
                    <Link to={entry.path} className="card-link">
                      {m.title}
                    </Link>
                  ) : (
                    m.title
                  )}
                </h2>
                <p>{m.summary}</p>
                <p className="card-meta">
                  {org ? (
                    <>
                      Opens in <strong>{org.name}</strong> <span className="badge">{org.role}</span>
                    </>
                  ) : entry ? (
                    'You are not a member of any organization yet.'
                  ) : (
                    'This product has no pages in this build.'
                  )}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {me.organizations.length > 0 ? (
        <section className="orgs" aria-labelledby="orgs-heading">
          <h2 id="orgs-heading">Your organizations</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Slug</th>
                <th scope="col">Role</th>
              </tr>
            </thead>
            <tbody>
              {me.organizations.map((o) => (
                <tr key={o.id}>
                  <td>{o.name}</td>
                  <td>
                    <code>{o.slug}</code>
                  </td>
                  <td>
                    <span className="badge">{o.role}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
