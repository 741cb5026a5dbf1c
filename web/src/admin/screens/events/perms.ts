/**
 * What each role may do: the server's own matrix (src/platform/rbac.ts ROLE_PERMISSIONS), so buttons the API would
 * refuse are hidden. The API's 403 stays the truth.
 */
import { ROLE_PERMISSIONS, type Action } from '../../../../../src/platform/rbac';
import type { Role } from '../../session';

export type Permission = Action;

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
