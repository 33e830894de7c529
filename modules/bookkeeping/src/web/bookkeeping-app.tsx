import { useQuery } from '@tanstack/react-query';
import { NavLink, Route, Routes, useParams } from 'react-router';
import { api, type Company } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';
import { CompaniesPage } from './companies-page.tsx';
import { ImportPage } from './import-page.tsx';
import { MembersPage } from './members-page.tsx';
import { ReconcilePage } from './reconcile-page.tsx';
import { ReportsPage } from './reports-page.tsx';
import { ReviewPage } from './review-page.tsx';
import { RulesPage } from './rules-page.tsx';
import { SettingsPage } from './settings-page.tsx';
import { TransactionsPage } from './transactions-page.tsx';

const TABS = ['transactions', 'review', 'rules', 'import', 'reconcile', 'reports', 'members', 'settings'] as const;

function CompanyLayout({ org, basePath }: { org: string; basePath: string }) {
  const { company = '' } = useParams();
  const c = useQuery({ queryKey: ['bk', org, company, 'company'], queryFn: () => api<Company>(org, `/companies/${company}`) });
  const props = { org, company };
  return (
    <div>
      <h2>
        <NavLink to={basePath}>Companies</NavLink> / {c.data?.name ?? company}
      </h2>
      <nav style={s.tabs}>
        {TABS.map((t) => (
          <NavLink key={t} to={`${basePath}/${company}/${t}`} style={({ isActive }) => s.tab(isActive)}>
            {t[0]?.toUpperCase()}
            {t.slice(1)}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route path="transactions" element={<TransactionsPage {...props} />} />
        <Route path="review" element={<ReviewPage {...props} />} />
        <Route path="rules" element={<RulesPage {...props} />} />
        <Route path="import" element={<ImportPage {...props} />} />
        <Route path="reconcile" element={<ReconcilePage {...props} />} />
        <Route path="reports" element={<ReportsPage {...props} companyId={c.data?.id} />} />
        <Route path="members" element={<MembersPage {...props} />} />
        <Route path="settings" element={<SettingsPage {...props} />} />
        <Route path="*" element={<TransactionsPage {...props} />} />
      </Routes>
    </div>
  );
}

export function BookkeepingApp({ org, basePath }: { org: string; basePath: string }) {
  return (
    <div style={s.page}>
      <Routes>
        <Route index element={<CompaniesPage org={org} />} />
        <Route path=":company/*" element={<CompanyLayout org={org} basePath={basePath} />} />
      </Routes>
    </div>
  );
}
