import { NavLink, Route, Routes } from 'react-router';
import { styles } from './gateway-styles.ts';
import { KeysPage } from './pages/keys-page.tsx';
import { OverviewPage } from './pages/overview-page.tsx';
import { PlaygroundPage } from './pages/playground-page.tsx';
import { ProvidersPage } from './pages/providers-page.tsx';
import { RoutesPage } from './pages/routes-page.tsx';
import { WalletsPage } from './pages/wallets-page.tsx';

const TABS = [
  ['', 'Usage'],
  ['providers', 'Providers'],
  ['routes', 'Routes'],
  ['keys', 'Keys'],
  ['wallets', 'Wallets'],
  ['playground', 'Playground'],
] as const;

export function GatewayApp({ org, basePath }: { org: string; basePath: string }) {
  return (
    <div style={styles.shell}>
      <h1 style={{ fontSize: 22, margin: '0 0 12px' }}>Alfred gateway</h1>
      <nav style={styles.nav}>
        {TABS.map(([path, label]) => (
          <NavLink key={path} end to={path ? `${basePath}/${path}` : basePath} style={({ isActive }) => (isActive ? styles.tabActive : styles.tab)}>
            {label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<OverviewPage org={org} />} />
        <Route path="providers" element={<ProvidersPage org={org} />} />
        <Route path="routes" element={<RoutesPage org={org} />} />
        <Route path="keys" element={<KeysPage org={org} />} />
        <Route path="wallets" element={<WalletsPage org={org} />} />
        <Route path="playground" element={<PlaygroundPage org={org} />} />
      </Routes>
    </div>
  );
}
