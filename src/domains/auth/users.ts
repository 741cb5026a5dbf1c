/** User records: creation (sign-up, accepted invitation), lookup by email, and the public shape. */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { users, userTokens, type USER_TOKEN_KINDS } from '../../db/schema/tenancy';
import type { ServiceContext } from '../../platform/context';
import { hashPassword, passwordHashParams, sha256Hex } from '../../platform/crypto';
import { ID_PREFIXES, newId } from '../../platform/ids';

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

/** An emailed single-use token (its hash is stored) of this kind that is neither used nor expired at `now`, or undefined. */
export async function findLiveUserToken(db: Database, token: string, kind: (typeof USER_TOKEN_KINDS)[number], now: Date) {
  const [row] = await db
    .select()
    .from(userTokens)
    .where(and(eq(userTokens.tokenHash, await sha256Hex(token)), eq(userTokens.kind, kind), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now)))
    .limit(1);
  return row;
}

export async function buildCreateUser(ctx: ServiceContext, input: { email: string; name: string; password: string; emailVerified: boolean }) {
  const now = new Date();
  const userId = newId(ID_PREFIXES.user);
  const insert = ctx.db.insert(users).values({
    id: userId,
    email: input.email,
    name: input.name,
    passwordHash: await hashPassword(input.password, passwordHashParams(ctx.env)),
    emailVerifiedAt: input.emailVerified ? now : null,
    createdAt: now,
    updatedAt: now,
  });
  return { userId, insert };
}

export function toPublicUser(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    isPlatformAdmin: u.isPlatformAdmin,
    isPlatformStaff: u.isPlatformStaff,
    emailVerified: u.emailVerifiedAt !== null,
    createdAt: u.createdAt.toISOString(),
  };
}
