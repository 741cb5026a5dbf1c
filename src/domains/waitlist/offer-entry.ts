/** The organizer's manual offer to a chosen waiting entry, out of line order (audited as theirs). */
import { and, eq } from 'drizzle-orm';
import { waitlistEntries } from '../../db/schema/waitlists';
import type { TenantContext } from '../../platform/context';
import { ConflictError, NotFoundError } from '../../platform/errors';
import { entryView } from './entry-view';
import { offerNext } from './offer-next';

export async function offerToEntry({ ctx, eventId, entryId }: { ctx: TenantContext; eventId: string; entryId: string }) {
  const where = and(eq(waitlistEntries.organizationId, ctx.organizationId), eq(waitlistEntries.eventId, eventId), eq(waitlistEntries.id, entryId));
  const [entry] = await ctx.db.select().from(waitlistEntries).where(where).limit(1);
  if (!entry) throw new NotFoundError('Waiting-list entry');
  if (entry.status !== 'waiting') throw new ConflictError(`This entry is ${entry.status}: only a waiting entry can be offered places.`, 'waitlist_entry_not_waiting');
  const result = await offerNext(ctx, { organizationId: ctx.organizationId, eventId }, { offerTo: entryId, actor: ctx.actor });
  if (result.manual && !result.manual.ok) throw new ConflictError(result.manual.message, result.manual.code);
  const [row] = await ctx.db.select().from(waitlistEntries).where(where).limit(1);
  return entryView(row!);
}
