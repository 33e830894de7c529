import type { ModuleWebEntry } from '@tessera/core/web';
import { TradingApp } from './trading-app.tsx';

export const tradingWeb: ModuleWebEntry = {
  name: 'trading',
  title: 'Oh My Coins',
  path: '/trading',
  defaultOrgSlug: 'oh-my-coins',
  Component: TradingApp,
};
