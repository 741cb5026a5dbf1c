/**
 * Leaving the waiting list from the email's signed link: the entry leaves the line and an open offer's places go to the
 * next in line; its SMS/WhatsApp choice ends with it (recorded as an opt-out).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { OPEN_WAITLIST_STATUSES, waitlistEntries } from '../../db/schema/waitlists';
import { auditEntry } from '../../platform/audit';
import type { ServiceContext } from '../../platform/context';
import { ForbiddenError, NotFoundError } from '../../platform/errors';
import { consentEventWrite, CONSENT_WORDING_VERSION, LEFT_WAITLIST_WORDING } from '../notifications/channel-consent';
import { joinedView } from './entry-view';
import { validLeaveSignature } from './links';
import { offerNext } from './offer-next';

export async function leaveWaitlist({ ctx, entryId, signature }: { ctx: ServiceContext; entryId: string; signature: string | undefined }) {
  const [entry] = await ctx.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, entryId)).limit(1);
  if (!entry) throw new NotFoundError('Waiting-list entry');
  if (!signature || !(await validLeaveSignature(ctx.env, entryId, signature))) throw new ForbiddenError('This link is not valid.', 'invalid_waitlist_link');
  if (!(OPEN_WAITLIST_STATUSES as readonly string[]).includes(entry.status)) return joinedView(entry);
  const now = new Date();
  await writeBatch(ctx.db, [
    ctx.db
      .update(waitlistEntries)
      .set({ status: 'left', updatedAt: now })
      .where(and(eq(waitlistEntries.organizationId, entry.organizationId), eq(waitlistEntries.id, entry.id), inArray(waitlistEntries.status, [...OPEN_WAITLIST_STATUSES]))),
    // No more SMS/WhatsApp for this entry (an offer message still queued is not sent: compose-phone.ts), kept in the consent history.
    ...(entry.phoneChannel && entry.phone
      ? [consentEventWrite(ctx, { organizationId: entry.organizationId, waitlistEntryId: entry.id }, { action: 'opt_out', source: 'waitlist', channel: entry.phoneChannel, phone: entry.phone, wordingVersion: CONSENT_WORDING_VERSION, wording: LEFT_WAITLIST_WORDING, at: now })]
      : []),
    auditEntry(ctx, { organizationId: entry.organizationId, actor: { type: 'anonymous', id: null }, action: 'waitlist.left', resourceType: 'waitlist_entry', resourceId: entry.id }),
  ]);
  await offerNext(ctx, { organizationId: entry.organizationId, eventId: entry.eventId }, { removed: [entry.id] });
  return joinedView({ ...entry, status: 'left' });
}
