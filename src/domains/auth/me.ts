/** The signed-in user's view: profile, memberships across organizations, and the one currently open. */
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { memberships, organizations, sessions, users } from '../../db/schema/tenancy';
import { NotFoundError } from '../../platform/errors';
import { toPublicUser } from './users';

export async function listMemberships(db: Database, userId: string) {
  return db
    .select({
      id: memberships.id,
      organizationId: organizations.id,
      organizationName: organizations.name,
      organizationSlug: organizations.slug,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.id));
}

export async function getMe(db: Database, userId: string, sessionId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new NotFoundError('User');
  const [session] = await db.select({ organizationId: sessions.organizationId }).from(sessions).where(eq(sessions.id, sessionId)).limit(1);
  const list = await listMemberships(db, userId);
  // A membership may have ended since the session chose it; fall back to the first one left.
  const current = list.find((m) => m.organizationId === session?.organizationId)?.organizationId ?? list[0]?.organizationId ?? null;
  return { user: toPublicUser(user), memberships: list, currentOrganizationId: current };
}
