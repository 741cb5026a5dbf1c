/**
 * The console's screens, one module per area, loaded when first opened (React.lazy) so the first paint carries
 * only the shell. Each module's default export handles its own sub-paths, relative to its nest
 * (wouter `nest`), and reads the organization from useOrg().
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from './session';

export type Area = {
  /** Path under /admin/orgs/{orgId}. */
  path: string;
  label: string;
  screen: LazyExoticComponent<ComponentType>;
  /** Hidden from the menu for roles below this (the API refuses them anyway). */
  minRole?: Role;
};

export const AREAS: Area[] = [
  { path: '/events', label: 'Events', screen: lazy(() => import('./screens/events')) },
  { path: '/orders', label: 'Orders', screen: lazy(() => import('./screens/orders')) },
  { path: '/reports', label: 'Reports', screen: lazy(() => import('./screens/reports')), minRole: 'admin' },
  { path: '/funnels', label: 'Funnels', screen: lazy(() => import('./screens/funnels')), minRole: 'viewer' },
  { path: '/coupons', label: 'Coupons', screen: lazy(() => import('./screens/coupons')) },
  { path: '/venues', label: 'Venues & seating', screen: lazy(() => import('./screens/venues')) },
  { path: '/team', label: 'Team', screen: lazy(() => import('./screens/team')) },
  { path: '/devices', label: 'Scanner devices', screen: lazy(() => import('./screens/devices')) },
  { path: '/webhooks', label: 'Webhooks', screen: lazy(() => import('./screens/webhooks')), minRole: 'admin' },
  { path: '/api-keys', label: 'API keys', screen: lazy(() => import('./screens/api-keys')), minRole: 'admin' },
  { path: '/api-requests', label: 'API request log', screen: lazy(() => import('./screens/api-requests')), minRole: 'admin' },
  { path: '/exports', label: 'Exports', screen: lazy(() => import('./screens/exports')) },
  { path: '/mailbox', label: 'Mailbox', screen: lazy(() => import('./screens/mailbox')), minRole: 'admin' },
  { path: '/phone-outbox', label: 'SMS & WhatsApp outbox', screen: lazy(() => import('./screens/phone-outbox')), minRole: 'admin' },
  { path: '/audit', label: 'Audit log', screen: lazy(() => import('./screens/audit')), minRole: 'admin' },
  { path: '/settings', label: 'Settings', screen: lazy(() => import('./screens/settings')) },
];
