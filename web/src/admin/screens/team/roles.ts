/**
 * What each role may do (docs/rbac.md, from src/platform/rbac.ts), in words an owner choosing a role for someone
 * understands, and which team changes the signed-in member may make. The API's 403 stays the truth; this only
 * hides what it would refuse.
 */
export const ROLES = ['owner', 'admin', 'staff', 'supervisor', 'viewer', 'scanner_only'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_INFO: Record<Role, { label: string; summary: string; can: string[]; cannot: string[] }> = {
  owner: {
    label: 'Owner',
    summary: 'Everything, including the owner role itself.',
    can: ['Everything an admin can', 'Make others owner, take the owner role away, remove owners'],
    cannot: [],
  },
  admin: {
    label: 'Admin',
    summary: 'Runs the organization: settings, team, money, integrations.',
    can: [
      'Change the organization name and settings',
      'Invite people, change roles and remove members (not owners)',
      'Refund orders; see the ledger and settlements',
      'Manage API keys and webhooks; read the audit log',
      'Everything staff can',
    ],
    cannot: ['Grant or take away the owner role'],
  },
  staff: {
    label: 'Staff',
    summary: 'Runs events day to day.',
    can: [
      'Create and change venues, gates and seating layouts',
      'Create events and ticket types, publish them, put them on sale',
      'Manage coupons and pricing rules',
      'Search orders, cancel unpaid ones, resend confirmations, re-issue tickets',
      'Register scanner devices; undo mistaken check-ins; request CSV exports',
    ],
    cannot: ['Refund orders', 'Change settings or the team', 'See the ledger'],
  },
  supervisor: {
    label: 'Gate supervisor',
    summary: 'Oversees entry at the gates on the day.',
    can: ['See events, venues and seat maps', 'See every scan and scanner device', 'Undo a mistaken check-in'],
    cannot: ['See orders or the team', 'Change anything else'],
  },
  viewer: {
    label: 'Viewer',
    summary: 'Reads everything an event team sees, changes nothing.',
    can: ['See events, orders, coupons, venues, devices, scans, webhooks and the team'],
    cannot: ['Change anything'],
  },
  scanner_only: {
    label: 'Scanner only',
    summary: 'Door staff: sees events and venues for scanning, nothing else.',
    can: ['See the organization, its events and venues'],
    cannot: ['See orders, the team or scans', 'Change anything'],
  },
};

const MANAGERS: readonly Role[] = ['owner', 'admin'];

/** members.read: owner, admin, staff and viewer. */
export function canSeeTeam(actor: Role): boolean {
  return actor === 'owner' || actor === 'admin' || actor === 'staff' || actor === 'viewer';
}

/** invitations.manage and members.manage. */
export function canManageTeam(actor: Role): boolean {
  return MANAGERS.includes(actor);
}

/** The roles `actor` may give someone: an admin any but owner; an owner any. */
export function assignableRoles(actor: Role): Role[] {
  if (actor === 'owner') return [...ROLES];
  if (actor === 'admin') return ROLES.filter((r) => r !== 'owner');
  return [];
}

/**
 * Whether `actor` may change the role of, or remove, a member holding `target` (not themselves: they leave
 * instead). Owners are managed only by owners.
 */
export function canManageMember(actor: Role, target: Role, isSelf: boolean): boolean {
  if (isSelf || !canManageTeam(actor)) return false;
  return target !== 'owner' || actor === 'owner';
}

/** Shown before the organization's last owner tries to leave or step down (the API refuses it with 409). */
export function lastOwnerWarning(role: Role, ownerCount: number | undefined): string | null {
  if (role === 'owner' && ownerCount === 1) return 'You are the only owner: make someone else owner before you leave.';
  return null;
}
