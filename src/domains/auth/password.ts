/** Passwords: change (knowing the old one), and forgotten-password reset through an emailed one-time token. */
import { and, eq, isNull, ne } from 'drizzle-orm';
import { sessions, users, userTokens } from '../../db/schema/tenancy';
import { writeBatch } from '../../db/client';
import { auditEntry } from '../../platform/audit';
import type { ServiceContext } from '../../platform/context';
import { hashPassword, passwordHashParams, sha256Hex, verifyPassword } from '../../platform/crypto';
import { NotFoundError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId, randomToken } from '../../platform/ids';
import { queueEmail } from '../notifications/port';
import { listMemberships } from './me';
import { findLiveUserToken, findUserByEmail } from './users';

export const RESET_TOKEN_TTL_MS = 60 * 60_000;

/** Every reset link still outstanding for the user dies: a reset or a change of password leaves no older link alive. */
function killOutstandingResetTokens(ctx: ServiceContext, userId: string, now: Date) {
  return ctx.db
    .update(userTokens)
    .set({ usedAt: now })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.kind, 'password_reset'), isNull(userTokens.usedAt)));
}

/** A user is global, so their security events go to the audit log of every organization they belong to. */
async function auditForUser(ctx: ServiceContext, userId: string, action: string, actorType: 'user' | 'anonymous') {
  const orgs = await listMemberships(ctx.db, userId);
  return orgs.map((m) =>
    auditEntry(ctx, { organizationId: m.organizationId, actor: { type: actorType, id: actorType === 'user' ? userId : null }, action, resourceType: 'user', resourceId: userId }),
  );
}

export async function changePassword({ ctx, userId, sessionId, input }: {
  ctx: ServiceContext;
  userId: string;
  sessionId: string;
  input: { currentPassword: string; newPassword: string };
}) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new NotFoundError('User');
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new ValidationError([{ path: 'body.currentPassword', message: 'This is not your current password' }], 'The current password is not right.');
  }
  const now = new Date();
  await writeBatch(ctx.db, [
    ctx.db.update(users).set({ passwordHash: await hashPassword(input.newPassword, passwordHashParams(ctx.env)), passwordChangedAt: now, updatedAt: now }).where(eq(users.id, userId)),
    // Every other session ends: whoever might have had the old password is signed out.
    ctx.db
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, userId), ne(sessions.id, sessionId), isNull(sessions.revokedAt))),
    killOutstandingResetTokens(ctx, userId, now),
    ...(await auditForUser(ctx, userId, 'user.password_changed', 'user')),
  ]);
}

/** Always answers the same, whether or not the email has an account, so it can't be used to find accounts. */
export async function requestPasswordReset({ ctx, email }: { ctx: ServiceContext; email: string }) {
  const user = await findUserByEmail(ctx.db, email);
  if (!user) return;
  const token = randomToken();
  const now = new Date();
  const memberships = await listMemberships(ctx.db, user.id);
  await writeBatch(ctx.db, [
    ctx.db.insert(userTokens).values({
      id: newId(ID_PREFIXES.userToken),
      userId: user.id,
      kind: 'password_reset',
      tokenHash: await sha256Hex(token),
      expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
      createdAt: now,
    }),
    queueEmail(ctx, {
      organizationId: null,
      to: user.email,
      template: 'password_reset',
      locale: 'en',
      payload: { name: user.name, resetUrl: `${ctx.env.APP_URL}/reset-password#token=${token}`, organizations: memberships.map((m) => m.organizationName) },
    }),
    ...(await auditForUser(ctx, user.id, 'user.password_reset_requested', 'anonymous')),
  ]);
}

export async function resetPassword({ ctx, input }: { ctx: ServiceContext; input: { token: string; password: string } }) {
  const now = new Date();
  const token = await findLiveUserToken(ctx.db, input.token, 'password_reset', now);
  const gone = () => new NotFoundError('Reset token (it may have expired or been used)');
  if (!token) throw gone();
  // Claim the token first: if the same link was submitted twice at once, the single-use trigger
  // (migration 0001) aborts the second batch before it sets a password.
  await writeBatch(
    ctx.db,
    [
      ctx.db.update(userTokens).set({ usedAt: now }).where(eq(userTokens.id, token.id)),
      killOutstandingResetTokens(ctx, token.userId, now),
      ctx.db.update(users).set({ passwordHash: await hashPassword(input.password, passwordHashParams(ctx.env)), passwordChangedAt: now, updatedAt: now }).where(eq(users.id, token.userId)),
      ctx.db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, token.userId), isNull(sessions.revokedAt))),
      ...(await auditForUser(ctx, token.userId, 'user.password_reset', 'user')),
    ],
    { token_used: gone },
  );
}
