/**
 * Email verification: sign-up emails a link with a random one-time token (only its SHA-256 stored, 48 hours,
 * single use); posting the token verifies the account. Until then the account cannot invite members, publish events
 * or send mail in an organization's name (assertEmailVerified). Accepting an emailed invitation verifies too.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../../db/schema/access';
import { users, userTokens } from '../../db/schema/tenancy';
import { writeBatch, type Write } from '../../db/client';
import type { ServiceContext, TenantContext } from '../../platform/context';
import { sha256Hex } from '../../platform/crypto';
import { ForbiddenError, NotFoundError } from '../../platform/errors';
import { ID_PREFIXES, newId, randomToken } from '../../platform/ids';
import { queueEmail } from '../notifications/port';
import { findLiveUserToken } from './users';
import type { Locale } from '../../db/schema/tenancy';

export const VERIFY_TOKEN_TTL_MS = 48 * 3_600_000;
/** The template of the token-bearing verification email (mailbox redaction keys on it, as on invitation and password_reset). */
export const VERIFICATION_TEMPLATE = 'email_verification' as const;

/** The writes that issue a verification token and queue its email; the caller puts them in its batch. */
export async function verificationWrites(ctx: ServiceContext, user: { id: string; email: string; name: string }, locale: Locale = 'en'): Promise<Write[]> {
  const token = randomToken();
  const now = new Date();
  return [
    ctx.db.insert(userTokens).values({
      id: newId(ID_PREFIXES.userToken),
      userId: user.id,
      kind: 'email_verification',
      tokenHash: await sha256Hex(token),
      expiresAt: new Date(now.getTime() + VERIFY_TOKEN_TTL_MS),
      createdAt: now,
    }),
    queueEmail(ctx, {
      organizationId: null,
      to: user.email,
      template: VERIFICATION_TEMPLATE,
      locale,
      payload: { name: user.name, verifyUrl: `${ctx.env.APP_URL}/verify-email#token=${token}` },
    }),
  ];
}

/** Marks the account verified with an emailed token; every other outstanding verification link of it dies. */
export async function verifyEmail({ ctx, token }: { ctx: ServiceContext; token: string }) {
  const now = new Date();
  const row = await findLiveUserToken(ctx.db, token, 'email_verification', now);
  const gone = () => new NotFoundError('Verification token (it may have expired or been used)');
  if (!row) throw gone();
  await writeBatch(
    ctx.db,
    [
      ctx.db.update(userTokens).set({ usedAt: now }).where(eq(userTokens.id, row.id)),
      ctx.db
        .update(userTokens)
        .set({ usedAt: now })
        .where(and(eq(userTokens.userId, row.userId), eq(userTokens.kind, 'email_verification'), isNull(userTokens.usedAt))),
      ctx.db.update(users).set({ emailVerifiedAt: now, updatedAt: now }).where(and(eq(users.id, row.userId), isNull(users.emailVerifiedAt))),
    ],
    { token_used: gone },
  );
}

/** Sends a fresh link to a signed-in, unverified user; a verified one gets nothing (and the same answer). */
export async function resendVerification({ ctx, userId }: { ctx: ServiceContext; userId: string }) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || user.emailVerifiedAt) return;
  await writeBatch(ctx.db, await verificationWrites(ctx, user));
}

/** The write that verifies an account by another proof of the address (an accepted emailed invitation). */
export function markVerified(ctx: ServiceContext, userId: string, now: Date) {
  return ctx.db.update(users).set({ emailVerifiedAt: now }).where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
}

/**
 * Refuses (403 email_unverified) when the account behind the request has not verified its email: the user, or for an
 * API key the user who created it. Devices never reach the guarded actions.
 */
export async function assertEmailVerified(ctx: TenantContext) {
  let userId = ctx.actor.userId;
  if (!userId && ctx.actor.type === 'api_key') {
    const [key] = await ctx.db
      .select({ createdByUserId: apiKeys.createdByUserId })
      .from(apiKeys)
      .where(and(eq(apiKeys.organizationId, ctx.organizationId), eq(apiKeys.id, ctx.actor.id)))
      .limit(1);
    userId = key?.createdByUserId ?? null;
  }
  if (!userId) return;
  const [user] = await ctx.db.select({ verifiedAt: users.emailVerifiedAt, isPlatformAdmin: users.isPlatformAdmin }).from(users).where(eq(users.id, userId)).limit(1);
  if (user && !user.verifiedAt && !user.isPlatformAdmin) {
    throw new ForbiddenError('Verify your email address first: open the link we emailed you, or ask for a new one.', 'email_unverified');
  }
}
