/** Login and logout: password check (constant time, throttled in Redis), session issue and revocation. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { memberships, organizations, sessions, users } from '../../db/schema/tenancy';
import { type Write, writeBatch } from '../../db/client';
import { auditEntry } from '../../platform/audit';
import type { ServiceContext } from '../../platform/context';
import { decoyPasswordHash, hashPassword, needsRehash, passwordHashParams, verifyPassword } from '../../platform/crypto';
import { NotFoundError, UnauthorizedError } from '../../platform/errors';
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from '../../platform/login-throttle';
import { limitKeyForIp } from '../../platform/rate-limit-headers';
import { createRedis } from '../../platform/redis';
import { issueSession } from '../../platform/session';
import { listMemberships } from './me';
import type { Login } from './schemas';
import { findUserByEmail } from './users';

export async function login({ ctx, input }: { ctx: ServiceContext; input: Login }) {
  const redis = createRedis(ctx.env);
  const ip = limitKeyForIp(ctx.ip);
  await assertLoginAllowed(ctx.env, redis, input.email, ip);
  const user = await findUserByEmail(ctx.db, input.email);
  const params = passwordHashParams(ctx.env);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyPasswordHash(params)));
  if (!user || !ok) {
    await recordLoginFailure(ctx.env, redis, input.email, ip);
    throw new UnauthorizedError('The email or password is not right.', 'invalid_credentials');
  }
  await recordLoginSuccess(ctx.env, redis, input.email, ip);

  const list = await listMemberships(ctx.db, user.id);
  let organizationId = list[0]?.organizationId ?? null;
  if (input.organizationId) {
    if (!list.some((m) => m.organizationId === input.organizationId)) throw new NotFoundError('Organization');
    organizationId = input.organizationId;
  }
  const session = await issueSession(ctx, user.id, organizationId);
  const actor = { type: 'user' as const, id: user.id };
  const writes: Write[] = [
    session.insert,
    // A password reset or change that landed while this password was being checked (argon2id takes a while) revokes
    // the session in the same transaction it is born in: the password must not have changed since it was read. (The
    // time of the last change, not the hash: another login's upgrade of the hash below is not a change of password.)
    ctx.db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.id, session.sessionId), sql`not exists (select 1 from ${users} where ${users.id} = ${user.id} and ${users.passwordChangedAt} is ${user.passwordChangedAt?.getTime() ?? null})`)),
    // An older or cheaper hash (PBKDF2 from before argon2id) is replaced now that the password is in hand; only if it
    // is still the hash we checked, so a password changed meanwhile is never overwritten.
    ...(needsRehash(user.passwordHash, params)
      ? [ctx.db.update(users).set({ passwordHash: await hashPassword(input.password, params) }).where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)))]
      : []),
    ...(organizationId
      ? [auditEntry(ctx, { organizationId, actor, action: 'session.created', resourceType: 'session', resourceId: session.sessionId })]
      : []),
  ];
  const results = (await ctx.db.batch(writes as [Write, ...Write[]])) as unknown[];
  if (Number((results[1] as { meta?: { changes?: number } } | undefined)?.meta?.changes ?? 0) > 0) {
    throw new UnauthorizedError('The email or password is not right.', 'invalid_credentials');
  }
  return { user, organizationId, session };
}

export async function logout({ ctx, userId, sessionId }: { ctx: ServiceContext; userId: string; sessionId: string }) {
  const [session] = await ctx.db
    .select({ organizationId: sessions.organizationId })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .limit(1);
  const actor = { type: 'user' as const, id: userId };
  await writeBatch(ctx.db, [
    ctx.db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt))),
    ...(session?.organizationId
      ? [auditEntry(ctx, { organizationId: session.organizationId, actor, action: 'session.revoked', resourceType: 'session', resourceId: sessionId })]
      : []),
  ]);
}

export async function switchOrganization({ ctx, userId, sessionId, organizationId, isPlatformAdmin }: {
  ctx: ServiceContext;
  userId: string;
  sessionId: string;
  organizationId: string;
  isPlatformAdmin: boolean;
}) {
  const [row] = await ctx.db
    .select({ id: organizations.id, membershipId: memberships.id })
    .from(organizations)
    .leftJoin(memberships, and(eq(memberships.organizationId, organizations.id), eq(memberships.userId, userId)))
    .where(eq(organizations.id, organizationId))
    .limit(1);
  if (!row || (!row.membershipId && !isPlatformAdmin)) throw new NotFoundError('Organization');
  await writeBatch(ctx.db, [
    ctx.db
      .update(sessions)
      .set({ organizationId })
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId))),
    auditEntry(ctx, {
      organizationId,
      actor: { type: 'user', id: userId },
      action: 'session.organization_switched',
      resourceType: 'session',
      resourceId: sessionId,
    }),
  ]);
}
