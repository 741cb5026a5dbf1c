/** An entry as the buyer and the organizer see it. */
import type { waitlistEntries } from '../../db/schema/waitlists';
import type { WaitlistEntryOut } from './schemas';

export type EntryRow = typeof waitlistEntries.$inferSelect;

export const joinedView = (e: EntryRow) => ({ id: e.id, status: e.status, position: e.position, quantity: e.quantity, ticketTypeId: e.ticketTypeId });

export const entryView = (e: EntryRow): WaitlistEntryOut => ({
  ...joinedView(e),
  email: e.email,
  name: e.name,
  locale: e.locale,
  offerExpiresAt: e.offerExpiresAt?.toISOString() ?? null,
  offers: e.offers,
  orderId: e.orderId,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});
