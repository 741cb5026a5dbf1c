/** The permission matrix (role × action), defined once; routes declare the action they need and this decides. */
import type { Role } from '../db/schema/tenancy';

export const ACTIONS = {
  'organization.read': 'See the organization and its settings',
  'organization.update': 'Change the organization name and settings',
  'members.read': 'List team members and their roles',
  'members.manage': 'Change roles of and remove non-owner members',
  'members.manage_owners': 'Grant or take away the owner role, remove owners',
  'invitations.manage': 'Invite people, list, resend and revoke invitations',
  'api_keys.read': 'List API keys (never their secrets) and read the API request log',
  'api_keys.manage': 'Create and revoke API keys',
  'audit.read': 'Read the audit log',
  'venues.read': 'See venues, their gates and seating layouts',
  'venues.manage': 'Create, change and archive venues, gates and seating layouts',
  'events.read': 'See events, ticket types, live availability and seat maps',
  'events.manage': 'Create and change events and ticket types, move them through their lifecycle, release holds',
  'pricing.read': 'See coupons and pricing rules',
  'pricing.manage': 'Create, change and deactivate coupons; create, change and delete pricing rules',
  'orders.read': 'Search orders and see their tickets, payments and refunds',
  'orders.manage': 'Cancel unpaid orders and resend confirmations',
  'orders.refund': 'Refund orders, fully or partly',
  'finance.read': 'See the ledger: accounts, balances, statements, the trial balance and event settlements',
  'devices.read': 'List scanner devices (never their tokens)',
  'devices.manage': 'Register, rename, re-assign and revoke scanner devices',
  'checkins.read': 'See every scan of an event: results, devices, gates, times',
  'checkins.undo': "Take back a mistaken check-in so the ticket can enter again (a gate supervisor's call)",
  'webhooks.read': 'List webhook endpoints (never their secrets) and read their delivery logs',
  'webhooks.manage': 'Register, change, re-enable and delete webhook endpoints, rotate their secrets, send test events and replay deliveries',
  'mailbox.read': 'Read the development mailbox of the organization (development/test deployments only; links with live tokens are redacted)',
  'exports.manage': 'Request CSV exports (of data the caller may also read), follow their progress and download them',
  'analytics.read': 'See funnels, conversion and top referrers of the buyer journey (counts, never a buyer)',
  'analytics.manage': 'Save, change and delete funnels, and refresh the funnel snapshots now',
} as const;

export type Action = keyof typeof ACTIONS;
export const ALL_ACTIONS = Object.keys(ACTIONS) as Action[];

export const ROLE_PERMISSIONS: Record<Role, readonly Action[]> = {
  owner: ALL_ACTIONS,
  admin: ALL_ACTIONS.filter((a) => a !== 'members.manage_owners'),
  staff: [
    'organization.read',
    'members.read',
    'venues.read',
    'venues.manage',
    'events.read',
    'events.manage',
    'orders.read',
    'orders.manage',
    'pricing.read',
    'pricing.manage',
    'devices.read',
    'devices.manage',
    'checkins.read',
    'checkins.undo',
    'webhooks.read',
    'exports.manage',
    'analytics.read',
    'analytics.manage',
  ],
  /** Runs the gates on the night: sees devices and scans, and may undo a mistaken check-in. */
  supervisor: ['organization.read', 'venues.read', 'events.read', 'devices.read', 'checkins.read', 'checkins.undo'],
  viewer: ['organization.read', 'members.read', 'venues.read', 'events.read', 'orders.read', 'pricing.read', 'devices.read', 'checkins.read', 'webhooks.read', 'analytics.read'],
  scanner_only: ['organization.read', 'venues.read', 'events.read'],
};

/**
 * What an API key may be scoped to: never managing keys, owners, device tokens or webhook endpoints, so a key
 * cannot mint credentials (a webhook signing secret is one) nor send the organization's data to a new URL.
 */
export const API_KEY_SCOPES: readonly Action[] = ALL_ACTIONS.filter(
  (a) => a !== 'api_keys.manage' && a !== 'members.manage_owners' && a !== 'devices.manage' && a !== 'webhooks.manage',
);

/** Platform staff see every organization read-only; platform admins may do everything. */
const READ_ACTIONS = new Set<Action>(ALL_ACTIONS.filter((a) => a.endsWith('.read')));

export type PermissionSubject = {
  type: 'user' | 'system' | 'device' | 'api_key';
  role: Role | null;
  scopes?: readonly string[];
  isPlatformAdmin: boolean;
  isPlatformStaff: boolean;
};

export function can(subject: PermissionSubject, action: Action): boolean {
  if (subject.type === 'system') return true;
  if (subject.type === 'api_key') return subject.scopes?.includes(action) ?? false;
  if (subject.isPlatformAdmin) return true;
  if (subject.role && ROLE_PERMISSIONS[subject.role].includes(action)) return true;
  return subject.isPlatformStaff && READ_ACTIONS.has(action);
}

/**
 * Whether a subject who may already invite or manage members may hand out `role`: only a role whose
 * every permission the subject holds itself, so nobody (and no API key) can create someone stronger.
 * Owners need `members.manage_owners`, which only owners have.
 */
export function canAssignRole(subject: PermissionSubject, role: Role): boolean {
  return ROLE_PERMISSIONS[role].every((action) => can(subject, action));
}

/**
 * Actions (also) checked inside services, beyond a route's x-permission, with what the check guards
 * (docs/rbac.md prints it under the action).
 */
export const SERVICE_CHECKS: Partial<Record<Action, string>> = {
  'members.manage_owners': 'Checked inside the member services: granting, changing or removing the owner role.',
  'orders.read': 'Also checked for CSV exports: requesting orders, attendees or check-ins needs it (403 `export_not_allowed`), and without it such jobs and their links are not listed or shown (404).',
  'checkins.read': 'Also checked for CSV exports: requesting check-ins needs it (403 `export_not_allowed`), and without it check-in jobs and their links are not listed or shown (404).',
  'finance.read': 'Also checked for CSV exports: requesting an event settlement needs it (403 `export_not_allowed`), and without it settlement jobs and their links are not listed or shown (404).',
};

/** Actions checked inside services rather than (or as well as) by a route's x-permission. */
export const SERVICE_CHECKED_ACTIONS: readonly Action[] = Object.keys(SERVICE_CHECKS) as Action[];
