/** Sign-up: a new user, a new organization with that user as owner, and a session, in one batch. */
import { writeBatch } from '../../db/client';
import type { ServiceContext } from '../../platform/context';
import { ConflictError } from '../../platform/errors';
import { issueSession } from '../../platform/session';
import { buildCreateOrganization } from '../organizations/create-organization';
import type { Signup } from './schemas';
import { buildCreateUser, findUserByEmail } from './users';
import { verificationWrites } from './verify-email';

export async function signup({ ctx, input }: { ctx: ServiceContext; input: Signup }) {
  if (await findUserByEmail(ctx.db, input.email)) {
    throw new ConflictError('An account with this email exists; sign in instead.', 'email_taken');
  }
  const user = await buildCreateUser(ctx, { email: input.email, name: input.name, password: input.password, emailVerified: false });
  const org = await buildCreateOrganization(ctx, { name: input.organizationName, currency: input.currency, timezone: input.timezone, locale: input.locale }, user.userId);
  const session = await issueSession(ctx, user.userId, org.organizationId);
  // Two sign-ups with one email at once: the unique index lets only one through, and nothing of the other is written.
  const verification = await verificationWrites(ctx, { id: user.userId, email: input.email, name: input.name }, input.locale ?? 'en');
  await writeBatch(ctx.db, [user.insert, ...org.writes, session.insert, ...verification], {
    'users.email': () => new ConflictError('An account with this email exists; sign in instead.', 'email_taken'),
  });
  return { userId: user.userId, organizationId: org.organizationId, session };
}
