import { describe, expect, it } from 'vitest';
import { assignableRoles, canManageMember, canManageTeam, canSeeTeam, lastOwnerWarning, ROLE_INFO, ROLES } from '../../../web/src/admin/screens/team/roles';

describe('who may change the team', () => {
  it('lets only owners hand out the owner role', () => {
    expect(assignableRoles('owner')).toContain('owner');
    expect(assignableRoles('admin')).not.toContain('owner');
    expect(assignableRoles('admin')).toContain('admin');
    expect(assignableRoles('staff')).toEqual([]);
  });

  it('keeps owners out of reach of admins and everyone out of their own row', () => {
    expect(canManageMember('admin', 'staff', false)).toBe(true);
    expect(canManageMember('admin', 'owner', false)).toBe(false);
    expect(canManageMember('owner', 'owner', false)).toBe(true);
    expect(canManageMember('owner', 'staff', true)).toBe(false);
    expect(canManageMember('staff', 'viewer', false)).toBe(false);
  });

  it('shows the team to the roles that may read it (members.read)', () => {
    expect(ROLES.filter(canSeeTeam)).toEqual(['owner', 'admin', 'staff', 'viewer']);
    expect(ROLES.filter(canManageTeam)).toEqual(['owner', 'admin']);
  });

  it('describes every role and warns the last owner', () => {
    for (const r of ROLES) expect(ROLE_INFO[r].summary.length).toBeGreaterThan(10);
    expect(lastOwnerWarning('owner', 1)).toMatch(/only owner/);
    expect(lastOwnerWarning('owner', 2)).toBeNull();
    expect(lastOwnerWarning('admin', 1)).toBeNull();
  });
});
