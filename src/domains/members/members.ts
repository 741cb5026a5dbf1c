/** Team members: list, change a role, remove, leave. Owners are protected: an organization always keeps one. */
import { and, count, eq } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { memberships, users } from '../../db/schema/tenancy';
import type { Role } from '../../db/schema/tenancy';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { can, canAssignRole } from '../../platform/rbac';
import { newestFirstPage } from '../../db/keyset';
import type { Member } from './schemas';

const memberColumns = {
  id: memberships.id,
  userId: memberships.userId,
  email: users.email,
  name: users.name,
  role: memberships.role,
  createdAt: memberships.createdAt,
};

const toMember = (row: { createdAt: Date } & Omit<Member, 'createdAt'>): Member => ({ ...row, createdAt: row.createdAt.toISOString() });

export async function listMembers({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string } }) {
  const page = await newestFirstPage(memberships.id, input, (k) =>
    ctx.db
      .select(memberColumns)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, ctx.organizationId), k.after))
      .orderBy(k.order)
      .limit(k.limit),
  );
  return { items: page.items.map(toMember), nextCursor: page.nextCursor };
}

export async function getMember(ctx: TenantContext, membershipId: string): Promise<Member> {
  const [row] = await ctx.db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, ctx.organizationId), eq(memberships.id, membershipId)))
    .limit(1);
  if (!row) throw new NotFoundError('Member');
  return toMember(row);
}

const lastOwner = () => new ConflictError('An organization needs at least one owner.', 'last_owner');
/** The count below answers the common case; the database trigger (migration 0001) settles two owners racing. */
const lastOwnerGuard = { last_owner: lastOwner };

async function ownerCount(ctx: TenantContext): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.organizationId, ctx.organizationId), eq(memberships.role, 'owner')));
  return row?.n ?? 0;
}

function assertMayTouch(ctx: TenantContext, member: Member, newRole?: Role) {
  if (member.role === 'owner' && !can(ctx.actor, 'members.manage_owners')) throw new ForbiddenError('Only owners can change or remove an owner.');
  if (newRole && !canAssignRole(ctx.actor, newRole)) throw new ForbiddenError(`You cannot make someone ${newRole}: that role can do things you cannot.`, 'role_beyond_own');
}

export async function updateMemberRole({ ctx, membershipId, role }: { ctx: TenantContext; membershipId: string; role: Role }): Promise<Member> {
  const member = await getMember(ctx, membershipId);
  assertMayTouch(ctx, member, role);
  if (member.role === role) return member;
  if (member.role === 'owner' && (await ownerCount(ctx)) <= 1) throw lastOwner();
  await writeBatch(ctx.db, [
    ctx.db
      .update(memberships)
      .set({ role, updatedAt: new Date() })
      .where(and(eq(memberships.organizationId, ctx.organizationId), eq(memberships.id, membershipId))),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'membership.role_changed',
      resourceType: 'membership',
      resourceId: membershipId,
      changes: { role: { from: member.role, to: role }, userId: member.userId },
    }),
  ], lastOwnerGuard);
  return { ...member, role };
}

async function deleteMembership(ctx: TenantContext, member: Member, action: string) {
  if (member.role === 'owner' && (await ownerCount(ctx)) <= 1) throw lastOwner();
  await writeBatch(ctx.db, [
    ctx.db.delete(memberships).where(and(eq(memberships.organizationId, ctx.organizationId), eq(memberships.id, member.id))),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action,
      resourceType: 'membership',
      resourceId: member.id,
      changes: { userId: member.userId, email: member.email, role: member.role },
    }),
  ], lastOwnerGuard);
}

export async function removeMember({ ctx, membershipId }: { ctx: TenantContext; membershipId: string }): Promise<void> {
  const member = await getMember(ctx, membershipId);
  assertMayTouch(ctx, member);
  await deleteMembership(ctx, member, 'membership.removed');
}

/** Any member may leave, except the last owner. */
export async function leaveOrganization({ ctx }: { ctx: TenantContext }): Promise<void> {
  const [row] = await ctx.db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, ctx.organizationId), eq(memberships.userId, ctx.actor.userId ?? '')))
    .limit(1);
  if (!row) throw new NotFoundError('Membership');
  await deleteMembership(ctx, await getMember(ctx, row.id), 'membership.left');
}
