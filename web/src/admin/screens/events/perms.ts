/**
 * What each role may do in the events, pricing and check-in areas — a copy of src/platform/rbac.ts
 * ROLE_PERMISSIONS for the actions these screens use, so buttons the API would refuse are hidden.
 * The API's 403 stays the truth.
 */
import type { Role } from '../../session';

export type Permission = 'events.manage' | 'pricing.read' | 'pricing.manage' | 'finance.read' | 'checkins.read' | 'checkins.undo' | 'devices.read' | 'venues.read';

const GRANTS: Record<Permission, readonly Role[]> = {
  'events.manage': ['owner', 'admin', 'staff'],
  'pricing.read': ['owner', 'admin', 'staff', 'viewer'],
  'pricing.manage': ['owner', 'admin', 'staff'],
  'finance.read': ['owner', 'admin'],
  'checkins.read': ['owner', 'admin', 'staff', 'supervisor', 'viewer'],
  'checkins.undo': ['owner', 'admin', 'staff', 'supervisor'],
  'devices.read': ['owner', 'admin', 'staff', 'supervisor', 'viewer'],
  'venues.read': ['owner', 'admin', 'staff', 'supervisor', 'viewer', 'scanner_only'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[permission].includes(role);
}
