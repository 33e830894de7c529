import { NavLink, Route, Routes } from 'react-router';
import { AgentsPage } from './pages/agents-page.tsx';
import { CredentialsPage } from './pages/credentials-page.tsx';
import { DashboardPage } from './pages/dashboard-page.tsx';
import { PaperPage } from './pages/paper-page.tsx';
import { RiskPage } from './pages/risk-page.tsx';
import { TradesPage } from './pages/trades-page.tsx';
import { s } from './trading-styles.ts';

export function TradingApp({ org, basePath }: { org: string; basePath: string }) {
  const link = (to: string, label: string) => (
    <NavLink to={`${basePath}${to}`} end={to === ''} style={({ isActive }) => ({ fontWeight: isActive ? 700 : 400, textDecoration: 'none' })}>
      {label}
    </NavLink>
  );
  return (
    <div style={s.page}>
      <nav style={s.nav} aria-label="Oh My Coins">
        {link('', 'Dashboard')}
        {link('/trades', 'Trades & import')}
        {link('/risk', 'Risk & kill switch')}
        {link('/paper', 'Paper orders & strategies')}
        {link('/credentials', 'Model credentials')}
        {link('/agents', 'Assistant')}
      </nav>
      <Routes>
        <Route index element={<DashboardPage org={org} />} />
        <Route path="trades" element={<TradesPage org={org} />} />
        <Route path="risk" element={<RiskPage org={org} />} />
        <Route path="paper" element={<PaperPage org={org} />} />
        <Route path="credentials" element={<CredentialsPage org={org} />} />
        <Route path="agents" element={<AgentsPage org={org} />} />
      </Routes>
    </div>
  );
}
