/**
 * Joining an event's waiting list (public): only when the ticket type (or, for "any", every ticket type) is sold out;
 * one entry in line per email per event, so joining again updates the quantity (idempotent). The new entry is pushed
 * to the inventory at once, which from then on keeps returned places back for it (offer-next.ts).
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
  if (existing) return { entry: joinedView(await updateEntry(ctx, existing, input)), created: false };

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
          createdAt: now,
          updatedAt: now,
        }),
        auditEntry(ctx, { organizationId: event.organizationId, actor: ANON, action: 'waitlist.joined', resourceType: 'waitlist_entry', resourceId: id, changes: { ticketTypeId: type?.id ?? null, quantity: input.quantity } }),
        queueEmail(ctx, { organizationId: event.organizationId, to: input.email, template: 'waitlist_joined', locale, payload: { entryId: id }, dedupeKey: `waitlist_joined:${id}` }),
      ],
      { waitlist_entries: () => new ConflictError('You joined this waiting list a moment ago: try again.', 'waitlist_busy') },
    );
  } catch (error) {
    // The same email joined at the same moment: that entry is the one.
    const raced = await openEntry(ctx, event, input.email);
    if (raced) return { entry: joinedView(await updateEntry(ctx, raced, input)), created: false };
    throw error;
  }
  await offerNextAfterReturn(ctx, event.organizationId, event.id);
  const [row] = await ctx.db.select().from(waitlistEntries).where(and(eq(waitlistEntries.organizationId, event.organizationId), eq(waitlistEntries.id, id))).limit(1);
  return { entry: joinedView(row!), created: true };
}

/** Joining again: a waiting entry takes the new quantity, type and name; an entry on offer is left as it is. */
async function updateEntry(ctx: ServiceContext, entry: EntryRow, input: JoinWaitlist): Promise<EntryRow> {
  if (entry.status !== 'waiting') return entry;
  const next = { quantity: input.quantity, ticketTypeId: input.ticketTypeId ?? null, name: input.name };
  if (next.quantity === entry.quantity && next.ticketTypeId === entry.ticketTypeId && next.name === entry.name) return entry;
  await writeBatch(ctx.db, [
    ctx.db
      .update(waitlistEntries)
      .set({ ...next, updatedAt: new Date() })
      .where(and(eq(waitlistEntries.organizationId, entry.organizationId), eq(waitlistEntries.id, entry.id), eq(waitlistEntries.status, 'waiting'))),
    auditEntry(ctx, { organizationId: entry.organizationId, actor: ANON, action: 'waitlist.updated', resourceType: 'waitlist_entry', resourceId: entry.id, changes: { quantity: { from: entry.quantity, to: next.quantity } } }),
  ]);
  await offerNextAfterReturn(ctx, entry.organizationId, entry.eventId);
  return { ...entry, ...next };
}
