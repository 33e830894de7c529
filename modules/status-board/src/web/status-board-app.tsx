import { NavLink, Route, Routes } from 'react-router';
import { BoardPage } from './pages/board-page.tsx';
import { CatalogPage } from './pages/catalog-page.tsx';
import { TechniciansPage } from './pages/technicians-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';
import { s } from './components/styles.ts';

export function StatusBoardApp({ org, basePath }: { org: string; basePath: string }) {
  return (
    <div>
      <nav style={s.nav} aria-label="Status board">
        <NavLink to={basePath} end>
          Board
        </NavLink>
        <NavLink to={`${basePath}/catalog`}>Catalog</NavLink>
        <NavLink to={`${basePath}/technicians`}>Technicians</NavLink>
        <NavLink to={`${basePath}/settings`}>Settings</NavLink>
      </nav>
      <Routes>
        <Route index element={<BoardPage org={org} />} />
        <Route path="catalog" element={<CatalogPage org={org} />} />
        <Route path="technicians" element={<TechniciansPage org={org} />} />
        <Route path="settings" element={<SettingsPage org={org} />} />
      </Routes>
    </div>
  );
}
