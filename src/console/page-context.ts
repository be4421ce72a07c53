import type { Request, Response } from 'express';
import { AUDITOR_ROLES, ROLE_TITLES, type Actor, type Role } from '../../machines/roles';
import type { ConsoleCsrf } from './console-csrf';
import { timesIn, zoneOf } from './console-time';

interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

const NAV: ReadonlyArray<{ href: string; label: string; roles: readonly Role[] | 'all' }> = [
  { href: '/console/my-work', label: 'My work', roles: 'all' },
  { href: '/console/cases', label: 'Cases', roles: 'all' },
  { href: '/console/activities', label: 'Activities', roles: 'all' },
  { href: '/console/queue', label: 'Queue', roles: ['compact_office'] },
  { href: '/console/audit', label: 'Audit history', roles: AUDITOR_ROLES },
  { href: '/console/users', label: 'Accounts', roles: ['state_admin'] },
  { href: '/console/help', label: 'Help', roles: 'all' },
];

/** What every page's layout needs: who is signed in, the menu for their role, the CSRF token, the reference. */
export function pageContext(req: Request, res: Response, csrf: ConsoleCsrf, actor: Actor | null, title: string) {
  const nav: NavItem[] = actor
    ? NAV.filter((n) => n.roles === 'all' || n.roles.includes(actor.role)).map((n) => ({
        href: n.href,
        label: n.label,
        current: req.path === n.href || req.path.startsWith(`${n.href}/`),
      }))
    : [];
  return {
    title,
    user: actor ? { username: actor.username, state: actor.state, role: actor.role, roleTitle: ROLE_TITLES[actor.role] } : null,
    nav,
    csrf: csrf.tokenFor(req, res),
    reference: String(req.id ?? ''),
    // Instants in the user's state's zone, named on each; deadlines' due dates stay Eastern dates.
    times: timesIn(zoneOf(actor?.state)),
  };
}
