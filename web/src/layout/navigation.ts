/** What each role sees in the menu, and where each role lands after signing in. */
import type { ApiCatalog } from '../api/catalog.js';
import type { Me } from '../api/types.js';
import type { MessageKey } from '../i18n/messages/index.js';

export type NavKey = 'cockpit' | 'map' | 'indicators' | 'checkup' | 'tasks' | 'department' | 'data' | 'admin';

export interface NavItem {
  key: NavKey;
  path: string;
  label: MessageKey;
  visible(me: Me, catalog: ApiCatalog): boolean;
}

const can = (me: Me, permission: string) => me.permissions.includes(permission);

export const NAV_ITEMS: NavItem[] = [
  { key: 'cockpit', path: '/cockpit', label: 'nav.cockpit', visible: (me) => me.role !== 'public' },
  { key: 'map', path: '/map', label: 'nav.map', visible: (me) => me.role !== 'public' },
  { key: 'indicators', path: '/indicators', label: 'nav.indicators', visible: (me) => can(me, 'indicator.read') },
  {
    key: 'checkup',
    path: '/checkup',
    label: 'nav.checkup',
    visible: (me, catalog) => me.role !== 'public' && catalog.hasPrefix('/api/checkups'),
  },
  {
    key: 'tasks',
    path: '/tasks',
    label: 'nav.tasks',
    visible: (me, catalog) => can(me, 'checkup.read') && catalog.hasPrefix('/api/tasks'),
  },
  {
    key: 'department',
    path: '/department',
    label: 'nav.department',
    visible: (me) => can(me, 'indicator.submit'),
  },
  {
    key: 'data',
    path: '/data',
    label: 'nav.data',
    visible: (me) => can(me, 'data.import') || can(me, 'layer.write'),
  },
  {
    key: 'admin',
    path: '/admin',
    label: 'nav.admin',
    visible: (me) => can(me, 'user.manage') || can(me, 'audit.read') || can(me, 'indicator.manage'),
  },
];

export function homePath(me: Me): string {
  if (me.role === 'public') return '/portal';
  if (me.role === 'department_officer') return '/department';
  return '/cockpit';
}
