/**
 * Joining an event's waiting list (public): only when the ticket type (or, for "any", every ticket type) is sold out;
 * one entry in line per email per event, so joining again updates the quantity (idempotent). The new entry is pushed
 * to the inventory at once, which from then on keeps returned places back for it (offer-next.ts). The buyer may also
 * choose SMS or WhatsApp for the offer, with the checkout's opt-in (channel-consent.ts), recorded the same way.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { OPEN_WAITLIST_STATUSES, waitlistEntries } from '../../db/schema/waitlists';
import { auditEntry } from '../../platform/audit';
import type { ServiceContext } from '../../platform/context';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import type { publicEvent } from '../events/holds';
import { inventory, loadTicketTypes } from '../events/inventory-client';
import { checkChannelChoice, consentEventWrite, consentWording, type ChannelChoice } from '../notifications/channel-consent';
import { queueEmail } from '../notifications/port';
import { joinedView, type EntryRow } from './entry-view';
import type { JoinWaitlist } from './schemas';
import { waitlistSettingsOf } from './settings-row';
import { offerNextAfterReturn } from './triggers';

type PublicEvent = Awaited<ReturnType<typeof publicEvent>>;
const ANON = { type: 'anonymous' as const, id: null };

async function openEntry(ctx: ServiceContext, event: PublicEvent, email: string): Promise<EntryRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.organizationId, event.organizationId), eq(waitlistEntries.eventId, event.id), eq(waitlistEntries.email, email), inArray(waitlistEntries.status, [...OPEN_WAITLIST_STATUSES])))
    .limit(1);
  return row;
}

export async function joinWaitlist({ ctx, event, input }: { ctx: ServiceContext; event: PublicEvent; input: JoinWaitlist }): Promise<{ entry: ReturnType<typeof joinedView>; created: boolean }> {
  // The SMS/WhatsApp choice is checked as at checkout: refused (422) before anything is written.
  const phone = input.notify ? checkChannelChoice(ctx.env, input.notify, 'body.notify') : null;
  const settings = await waitlistSettingsOf(ctx.db, event.organizationId, event.id);
  if (!settings.enabled) throw new ConflictError('This event has no waiting list.', 'waitlist_closed');
  const stub = inventory(ctx.env, event.organizationId, event.id);
  if (await stub.plan()) throw new ConflictError('This event’s inventory is split into sections, which have no waiting list.', 'waitlist_unavailable');
  const types = (await loadTicketTypes(ctx.db, event.organizationId, event.id)).filter((t) => t.visibility === 'visible');
  const type = input.ticketTypeId ? types.find((t) => t.id === input.ticketTypeId) : null;
  if ((input.ticketTypeId && !type) || !types.length) throw new NotFoundError('Ticket type');
  const max = type ? type.maxPerOrder : Math.max(0, ...types.map((t) => t.maxPerOrder));
  const min = type ? type.minPerOrder : Math.min(...types.map((t) => t.minPerOrder));
  if (input.quantity > max || input.quantity < min) throw new ValidationError([{ path: 'body.quantity', message: `Between ${min} and ${max} places per order` }]);

  const existing = await openEntry(ctx, event, input.email);
  if (existing) return { entry: joinedView(await updateEntry(ctx, existing, input, phone)), created: false };

  const { counts } = await stub.availability();
  const left = (id: string) => counts.ticketTypes[id]?.available;
  const soldOut = type ? left(type.id) === 0 : types.length > 0 && types.every((t) => left(t.id) === 0);
  if (!soldOut) throw new ConflictError('Tickets are still on sale: buy them now instead.', 'not_sold_out');

  const id = newId(ID_PREFIXES.waitlistEntry);
  const now = new Date();
  const locale = input.locale ?? 'en';
  try {
    await writeBatch(
      ctx.db,
      [
        ctx.db.insert(waitlistEntries).values({
          id,
          organizationId: event.organizationId,
          eventId: event.id,
          ticketTypeId: type?.id ?? null,
          email: input.email,
          name: input.name,
          quantity: input.quantity,
          locale,
          position: sql`(select coalesce(max(position), 0) + 1 from waitlist_entries where event_id = ${event.id})`,
          status: 'waiting',
          phoneChannel: input.notify?.channel ?? null,
          phone,
          createdAt: now,
          updatedAt: now,
        }),
        ...(input.notify && phone ? [waitlistConsentWrite(ctx, event.organizationId, id, input.notify, phone, locale, 'opt_in', now)] : []),
        auditEntry(ctx, { organizationId: event.organizationId, actor: ANON, action: 'waitlist.joined', resourceType: 'waitlist_entry', resourceId: id, changes: { ticketTypeId: type?.id ?? null, quantity: input.quantity, phoneChannel: input.notify?.channel ?? null } }),
        queueEmail(ctx, { organizationId: event.organizationId, to: input.email, template: 'waitlist_joined', locale, payload: { entryId: id }, dedupeKey: `waitlist_joined:${id}` }),
      ],
      { waitlist_entries: () => new ConflictError('You joined this waiting list a moment ago: try again.', 'waitlist_busy') },
    );
  } catch (error) {
    // The same email joined at the same moment: that entry is the one.
    const raced = await openEntry(ctx, event, input.email);
    if (raced) return { entry: joinedView(await updateEntry(ctx, raced, input, phone)), created: false };
    throw error;
  }
  await offerNextAfterReturn(ctx, event.organizationId, event.id);
  const [row] = await ctx.db.select().from(waitlistEntries).where(and(eq(waitlistEntries.organizationId, event.organizationId), eq(waitlistEntries.id, id))).limit(1);
  return { entry: joinedView(row!), created: true };
}

/** The consent history row for a waiting-list entry's SMS/WhatsApp choice (the checkout's, about the entry). */
function waitlistConsentWrite(ctx: ServiceContext, organizationId: string, entryId: string, choice: ChannelChoice, phone: string, locale: string, action: 'opt_in' | 'change', at: Date) {
  return consentEventWrite(ctx, { organizationId, waitlistEntryId: entryId }, { action, source: 'waitlist', channel: choice.channel, phone, wordingVersion: choice.wordingVersion, wording: consentWording(choice, locale, 'waitlist'), at });
}

/**
 * Joining again: a waiting entry takes the new quantity, type and name, and a new SMS/WhatsApp choice if one was sent
 * (none sent keeps the one it has); an entry on offer is left as it is.
 */
async function updateEntry(ctx: ServiceContext, entry: EntryRow, input: JoinWaitlist, phone: string | null): Promise<EntryRow> {
  if (entry.status !== 'waiting') return entry;
  const notify = input.notify && phone ? { choice: input.notify, phone } : null;
  const next = { quantity: input.quantity, ticketTypeId: input.ticketTypeId ?? null, name: input.name, ...(notify ? { phoneChannel: notify.choice.channel, phone: notify.phone } : {}) };
  const phoneChanged = !!notify && (notify.choice.channel !== entry.phoneChannel || notify.phone !== entry.phone);
  if (next.quantity === entry.quantity && next.ticketTypeId === entry.ticketTypeId && next.name === entry.name && !phoneChanged) return entry;
  const now = new Date();
  await writeBatch(ctx.db, [
    ctx.db
      .update(waitlistEntries)
      .set({ ...next, updatedAt: now })
      .where(and(eq(waitlistEntries.organizationId, entry.organizationId), eq(waitlistEntries.id, entry.id), eq(waitlistEntries.status, 'waiting'))),
    ...(notify && phoneChanged ? [waitlistConsentWrite(ctx, entry.organizationId, entry.id, notify.choice, notify.phone, entry.locale, entry.phoneChannel ? 'change' : 'opt_in', now)] : []),
    auditEntry(ctx, { organizationId: entry.organizationId, actor: ANON, action: 'waitlist.updated', resourceType: 'waitlist_entry', resourceId: entry.id, changes: { quantity: { from: entry.quantity, to: next.quantity }, ...(phoneChanged ? { phoneChannel: notify!.choice.channel } : {}) } }),
  ]);
  await offerNextAfterReturn(ctx, entry.organizationId, entry.eventId);
  return { ...entry, ...next };
}
