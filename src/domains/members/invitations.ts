/** Invitations: an owner/admin invites an email with a role; the emailed token makes (or joins) an account and a membership. */
import { and, eq } from 'drizzle-orm';
import { writeBatch, type Write } from '../../db/client';
import { invitations, memberships, sessions, users } from '../../db/schema/tenancy';
import { auditEntry } from '../../platform/audit';
import type { Principal, ServiceContext, TenantContext } from '../../platform/context';
import { sha256Hex } from '../../platform/crypto';
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId, randomToken } from '../../platform/ids';
import { canAssignRole } from '../../platform/rbac';
import { newestFirstPage } from '../../db/keyset';
import { issueSession } from '../../platform/session';
import { queueEmail } from '../notifications/port';
import { loadOrganization } from '../organizations/queries';
import { buildCreateUser, findUserByEmail } from '../auth/users';
import { assertEmailVerified, markVerified } from '../auth/verify-email';
import type { AcceptInvitation, CreateInvitation, Invitation } from './schemas';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

type InvitationRow = typeof invitations.$inferSelect;

const toInvitation = (r: InvitationRow): Invitation => ({
  id: r.id,
  email: r.email,
  role: r.role,
  status: r.status,
  invitedByUserId: r.invitedByUserId,
  expiresAt: r.expiresAt.toISOString(),
  createdAt: r.createdAt.toISOString(),
});

/** Builds (does not run) the queued email; the organization is loaded first by the caller. */
function invitationEmail(ctx: TenantContext, org: { name: string; locale: string }, row: { email: string; role: string }, token: string) {
  return queueEmail(ctx, {
    organizationId: ctx.organizationId,
    to: row.email,
    template: 'invitation',
    locale: org.locale,
    payload: {
      organizationName: org.name,
      role: row.role,
      acceptUrl: `${ctx.env.APP_URL}/accept-invitation#token=${token}`,
      invitedBy: ctx.actor.userId,
    },
  });
}

async function orgForEmail(ctx: TenantContext) {
  const { org, settings } = await loadOrganization(ctx.db, ctx.organizationId);
  return { name: org.name, locale: settings.locale };
}

async function getInvitationRow(ctx: TenantContext, invitationId: string): Promise<InvitationRow> {
  const [row] = await ctx.db
    .select()
    .from(invitations)
    .where(and(eq(invitations.organizationId, ctx.organizationId), eq(invitations.id, invitationId)))
    .limit(1);
  if (!row) throw new NotFoundError('Invitation');
  return row;
}

export async function listInvitations({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string } }) {
  const page = await newestFirstPage(invitations.id, input, (k) =>
    ctx.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.organizationId, ctx.organizationId), k.after))
      .orderBy(k.order)
      .limit(k.limit),
  );
  return { items: page.items.map(toInvitation), nextCursor: page.nextCursor };
}

export async function getInvitation(ctx: TenantContext, invitationId: string) {
  return toInvitation(await getInvitationRow(ctx, invitationId));
}

export async function createInvitation({ ctx, input }: { ctx: TenantContext; input: CreateInvitation }): Promise<Invitation> {
  if (!canAssignRole(ctx.actor, input.role)) throw new ForbiddenError(`You cannot invite someone as ${input.role}: that role can do things you cannot.`, 'role_beyond_own');
  await assertEmailVerified(ctx);
  const [member] = await ctx.db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, ctx.organizationId), eq(users.email, input.email)))
    .limit(1);
  if (member) throw new ConflictError(`${input.email} is already a member.`, 'already_member');
  const [pending] = await ctx.db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.organizationId, ctx.organizationId), eq(invitations.email, input.email), eq(invitations.status, 'pending')))
    .limit(1);
  if (pending) throw new ConflictError(`${input.email} already has a pending invitation; resend or revoke it.`, 'invitation_pending');

  const now = new Date();
  const token = randomToken();
  const row: InvitationRow = {
    id: newId(ID_PREFIXES.invitation),
    organizationId: ctx.organizationId,
    email: input.email,
    role: input.role,
    tokenHash: await sha256Hex(token),
    status: 'pending',
    invitedByUserId: ctx.actor.userId ?? ctx.actor.id,
    acceptedByUserId: null,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
    createdAt: now,
    updatedAt: now,
  };
  await ctx.db.batch([
    ctx.db.insert(invitations).values(row),
    invitationEmail(ctx, await orgForEmail(ctx), row, token),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'invitation.created',
      resourceType: 'invitation',
      resourceId: row.id,
      changes: { email: row.email, role: row.role },
    }),
  ]);
  return toInvitation(row);
}

/** A fresh token and expiry; the old link stops working. */
export async function resendInvitation({ ctx, invitationId }: { ctx: TenantContext; invitationId: string }): Promise<Invitation> {
  const row = await getInvitationRow(ctx, invitationId);
  await assertEmailVerified(ctx);
  if (row.status !== 'pending') throw new ConflictError(`The invitation is ${row.status}.`, 'invitation_not_pending');
  const token = randomToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  await ctx.db.batch([
    ctx.db
      .update(invitations)
      .set({ tokenHash: await sha256Hex(token), expiresAt, updatedAt: now })
      .where(and(eq(invitations.organizationId, ctx.organizationId), eq(invitations.id, row.id))),
    invitationEmail(ctx, await orgForEmail(ctx), row, token),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'invitation.resent', resourceType: 'invitation', resourceId: row.id }),
  ]);
  return toInvitation({ ...row, expiresAt, updatedAt: now });
}

export async function revokeInvitation({ ctx, invitationId }: { ctx: TenantContext; invitationId: string }): Promise<Invitation> {
  const row = await getInvitationRow(ctx, invitationId);
  if (row.status === 'revoked') return toInvitation(row);
  if (row.status !== 'pending') throw new ConflictError(`The invitation is ${row.status}.`, 'invitation_not_pending');
  const now = new Date();
  await ctx.db.batch([
    ctx.db
      .update(invitations)
      .set({ status: 'revoked', updatedAt: now })
      .where(and(eq(invitations.organizationId, ctx.organizationId), eq(invitations.id, row.id))),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'invitation.revoked',
      resourceType: 'invitation',
      resourceId: row.id,
      changes: { status: { from: 'pending', to: 'revoked' } },
    }),
  ]);
  return toInvitation({ ...row, status: 'revoked', updatedAt: now });
}

/** The pending, unexpired invitation behind a token; anything else is "not found" so tokens can't be probed. */
async function invitationByToken(ctx: ServiceContext, token: string): Promise<InvitationRow> {
  const [row] = await ctx.db
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, await sha256Hex(token)))
    .limit(1);
  if (!row || row.status !== 'pending' || row.expiresAt <= new Date()) throw new NotFoundError('Invitation');
  return row;
}

export async function previewInvitation({ ctx, token }: { ctx: ServiceContext; token: string }) {
  const row = await invitationByToken(ctx, token);
  const { org } = await loadOrganization(ctx.db, row.organizationId);
  return {
    organizationName: org.name,
    email: row.email,
    role: row.role,
    expiresAt: row.expiresAt.toISOString(),
    accountExists: (await findUserByEmail(ctx.db, row.email)) !== undefined,
  };
}

/**
 * Signed in as the invited email: joins. No account yet: creates one (the token proves the inbox) and signs in.
 * An existing account must sign in first, so an invitation link never lets someone into another person's login.
 */
export async function acceptInvitation({ ctx, input, principal }: { ctx: ServiceContext; input: AcceptInvitation; principal: Principal | undefined }) {
  const row = await invitationByToken(ctx, input.token);
  const existing = await findUserByEmail(ctx.db, row.email);
  let userId: string;
  const writes: Write[] = [];
  if (existing) {
    if (principal?.type !== 'user') throw new UnauthorizedError(`Sign in as ${row.email} to accept this invitation.`, 'sign_in_required');
    if (principal.userId !== existing.id) throw new ForbiddenError(`This invitation is for ${row.email}.`, 'invitation_email_mismatch');
    userId = existing.id;
    // The invitation came to this address: following its link proves the address is theirs.
    if (!existing.emailVerifiedAt) writes.push(markVerified(ctx, userId, new Date()));
  } else {
    const missing = [
      ...(input.name ? [] : [{ path: 'body.name', message: 'Required to create your account' }]),
      ...(input.password ? [] : [{ path: 'body.password', message: 'Required to create your account' }]),
    ];
    if (missing.length > 0) throw new ValidationError(missing, 'Choose a name and password to create your account.');
    const created = await buildCreateUser(ctx, { email: row.email, name: input.name!, password: input.password!, emailVerified: true });
    userId = created.userId;
    writes.push(created.insert);
  }
  const [already] = await ctx.db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, row.organizationId), eq(memberships.userId, userId)))
    .limit(1);
  if (already) throw new ConflictError('You are already a member of this organization.', 'already_member');

  const now = new Date();
  const membershipId = newId(ID_PREFIXES.membership);
  const actor = { type: 'user' as const, id: userId };
  const session = existing ? undefined : await issueSession(ctx, userId, row.organizationId);
  // The same link accepted twice at once (a double click): the unique indexes let one through, nothing of the
  // other is written, and it gets the answer a later second try gets.
  const raced = () => new NotFoundError('Invitation');
  await writeBatch(
    ctx.db,
    [
      ...writes,
      ctx.db.insert(memberships).values({ id: membershipId, organizationId: row.organizationId, userId, role: row.role, createdAt: now, updatedAt: now }),
      ctx.db
        .update(invitations)
        .set({ status: 'accepted', acceptedByUserId: userId, updatedAt: now })
        .where(and(eq(invitations.organizationId, row.organizationId), eq(invitations.id, row.id), eq(invitations.status, 'pending'))),
      auditEntry(ctx, { organizationId: row.organizationId, actor, action: 'invitation.accepted', resourceType: 'invitation', resourceId: row.id }),
      auditEntry(ctx, {
        organizationId: row.organizationId,
        actor,
        action: 'membership.created',
        resourceType: 'membership',
        resourceId: membershipId,
        changes: { userId, role: row.role, via: 'invitation' },
      }),
      // A new account gets a session in the new organization; a signed-in member's session switches to it.
      ...(session
        ? [session.insert]
        : principal?.type === 'user'
          ? [ctx.db.update(sessions).set({ organizationId: row.organizationId }).where(and(eq(sessions.id, principal.sessionId), eq(sessions.userId, userId)))]
          : []),
    ],
    { 'users.email': raced, 'memberships.': raced },
  );
  return { userId, organizationId: row.organizationId, membershipId, role: row.role, session };
}
