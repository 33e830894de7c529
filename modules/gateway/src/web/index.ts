import type { ModuleWebEntry } from '@tessera/core/web';
import { GatewayApp } from './gateway-app.tsx';

export const gatewayWeb: ModuleWebEntry = {
  name: 'gateway',
  title: 'Alfred',
  path: '/gateway',
  defaultOrgSlug: 'alfred-demo',
  Component: GatewayApp,
};
