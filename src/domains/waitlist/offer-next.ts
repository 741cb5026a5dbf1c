/**
 * offerNext(event): the one verb every place where seats come back calls (refund settle, order expiry, capacity
 * change, the minute cron for holds that ran out). It pushes the list's open entries into the event's inventory, which
 * keeps returned places back for them and serves the line (durable-objects/inventory/waitlist.ts), then records here
 * what the inventory did: offers made (email, SMS/WhatsApp if chosen, webhook `waitlist.offered`, audit), offers bought (`waitlist.claimed`)
 * and offers that lapsed. Each change is guarded by the entry's status, so two runs at once record it once.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { writeBatch, type Write } from '../../db/client';
import { OPEN_WAITLIST_STATUSES, waitlistEntries } from '../../db/schema/waitlists';
import type { WaitlistAnswer, WaitlistEntryView } from '../../../durable-objects/inventory/waitlist';
import { auditEntry } from '../../platform/audit';
import type { Actor, ServiceContext } from '../../platform/context';
import { inventory } from '../events/inventory-client';
import { events } from '../../db/schema/events';
import { LOCALES, type Locale } from '../../db/schema/tenancy';
import { shortWhen } from '../notifications/compose-phone';
import { queueWaitlistOffer } from '../notifications/phone-port';
import { queueEmail } from '../notifications/port';
import { claimUrl } from './links';
import { emitWebhookEvent } from '../webhooks/emit';
import { waitlistSettingsOf } from './settings-row';

type EntryRow = typeof waitlistEntries.$inferSelect;
export type OfferNextOptions = { serve?: boolean; offerTo?: string; removed?: string[]; actor?: Actor };
export type OfferNextResult = { offered: string[]; keptBack: Record<string, number>; manual?: WaitlistAnswer['manual'] };

/** At most this many open entries are pushed per event (a list longer than this serves its first part). */
export const MAX_PUSHED_ENTRIES = 5_000;

export async function offerNext(ctx: ServiceContext & { actor?: Actor }, event: { organizationId: string; eventId: string }, options: OfferNextOptions = {}): Promise<OfferNextResult> {
  const { organizationId, eventId } = event;
  const settings = await waitlistSettingsOf(ctx.db, organizationId, eventId);
  const open = await ctx.db
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.organizationId, organizationId), eq(waitlistEntries.eventId, eventId), inArray(waitlistEntries.status, [...OPEN_WAITLIST_STATUSES])))
    .orderBy(asc(waitlistEntries.position))
    .limit(MAX_PUSHED_ENTRIES);
  const stub = inventory(ctx.env, organizationId, eventId);
  if (await stub.plan()) return { offered: [], keptBack: {} };
  // A list switched off keeps nothing back: only its open offers stay until they end.
  const pushed = settings.enabled ? open : open.filter((e) => e.status === 'offered' || e.id === options.offerTo);
  const answer = await stub.waitlist({
    entries: pushed.map((e) => ({ entryId: e.id, ticketTypeId: e.ticketTypeId, quantity: e.quantity, position: e.position })),
    ...(options.removed?.length ? { removed: options.removed } : {}),
    offerTtlMs: settings.offerMinutes * 60_000,
    serve: settings.enabled && (options.serve ?? true) && !options.offerTo,
    ...(options.offerTo ? { offerTo: options.offerTo } : {}),
  });
  const byId = new Map(open.map((e) => [e.id, e]));
  const writes: Write[] = [];
  const eventOnce = lazyEvent(ctx, organizationId, eventId);
  for (const view of answer.entries) {
    const entry = byId.get(view.entryId);
    if (entry) writes.push(...(await transition(ctx, entry, view, options.actor, eventOnce)));
  }
  await writeBatch(ctx.db, writes);
  return { offered: answer.offered.concat(answer.manual?.ok ? [answer.manual.value.entryId] : []), keptBack: answer.pool, ...(answer.manual ? { manual: answer.manual } : {}) };
}

const SYSTEM = { type: 'system' as const, id: 'waitlist' };

type EventFacts = { name: string; timezone: string };
function lazyEvent(ctx: ServiceContext, organizationId: string, eventId: string): () => Promise<EventFacts> {
  let found: Promise<EventFacts> | null = null;
  return () =>
    (found ??= ctx.db
      .select({ name: events.name, timezone: events.timezone })
      .from(events)
      .where(and(eq(events.organizationId, organizationId), eq(events.id, eventId)))
      .limit(1)
      .then(([e]) => {
        if (!e) throw new Error(`Event ${eventId} not found for ${organizationId}`);
        return e;
      }));
}

/** The offer on the SMS/WhatsApp channel the person chose when joining (none: email only), with its signed claim link. */
async function phoneOffer(ctx: ServiceContext, entry: EntryRow, holdId: string, expiresAt: Date, event: () => Promise<EventFacts>): Promise<Write[]> {
  if (!entry.phoneChannel || !entry.phone) return [];
  const { name, timezone } = await event();
  const locale = (LOCALES as readonly string[]).includes(entry.locale) ? (entry.locale as Locale) : 'en';
  return [
    queueWaitlistOffer(ctx.db, {
      organizationId: entry.organizationId,
      offerId: holdId,
      waitlistEntryId: entry.id,
      channel: entry.phoneChannel,
      phone: entry.phone,
      locale,
      eventName: name,
      expires: shortWhen(expiresAt, timezone, locale),
      claimUrl: await claimUrl(ctx.env, entry.id, holdId),
    }),
  ];
}

/** The writes that record what the inventory did with one entry (none when D1 already knows). */
async function transition(ctx: ServiceContext, entry: EntryRow, view: WaitlistEntryView, actor: Actor | undefined, event: () => Promise<EventFacts>): Promise<Write[]> {
  const now = new Date();
  const where = (status: EntryRow['status']) => and(eq(waitlistEntries.organizationId, entry.organizationId), eq(waitlistEntries.id, entry.id), eq(waitlistEntries.status, status));
  const landed = (status: EntryRow['status']) => sql`exists (select 1 from ${waitlistEntries} where ${waitlistEntries.id} = ${entry.id} and ${waitlistEntries.status} = ${status} and ${waitlistEntries.offerHoldId} = ${view.holdId})`;
  const payload = { entryId: entry.id, eventId: entry.eventId, ticketTypeId: view.ticketTypeId, quantity: view.quantity, position: entry.position, holdId: view.holdId };
  const who = actor ? { type: actor.type, id: actor.id } : SYSTEM;
  if (view.state === 'offered' && (entry.status === 'waiting' || entry.offerHoldId !== view.holdId)) {
    const expiresAt = new Date(view.expiresAt!);
    return [
      ctx.db.update(waitlistEntries).set({ status: 'offered', offerHoldId: view.holdId, offerExpiresAt: expiresAt, offers: view.offers, updatedAt: now }).where(where(entry.status)),
      auditEntry(ctx, { organizationId: entry.organizationId, actor: who, action: 'waitlist.offered', resourceType: 'waitlist_entry', resourceId: entry.id, changes: { holdId: view.holdId, quantity: view.quantity, expiresAt: expiresAt.toISOString() } }),
      queueEmail(ctx, { organizationId: entry.organizationId, to: entry.email, template: 'waitlist_offer', locale: entry.locale, payload: { entryId: entry.id, holdId: view.holdId }, dedupeKey: `waitlist_offer:${view.holdId}` }),
      ...(await phoneOffer(ctx, entry, view.holdId!, expiresAt, event)),
      ...(await emitWebhookEvent(ctx.db, { organizationId: entry.organizationId, type: 'waitlist.offered', payload: { ...payload, expiresAt: expiresAt.toISOString() }, once: { key: view.holdId!, at: entry.createdAt }, onlyIf: landed('offered') })),
    ];
  }
  if (entry.status !== 'offered' || entry.offerHoldId !== view.holdId) return [];
  if (view.state === 'claimed') {
    return [
      ctx.db.update(waitlistEntries).set({ status: 'claimed', orderId: view.orderId, updatedAt: now }).where(and(where('offered'), eq(waitlistEntries.offerHoldId, view.holdId!))),
      auditEntry(ctx, { organizationId: entry.organizationId, actor: SYSTEM, action: 'waitlist.claimed', resourceType: 'waitlist_entry', resourceId: entry.id, changes: { holdId: view.holdId, orderId: view.orderId } }),
      ...(await emitWebhookEvent(ctx.db, { organizationId: entry.organizationId, type: 'waitlist.claimed', payload: { ...payload, orderId: view.orderId }, once: { key: `${view.holdId}:claimed`, at: entry.createdAt }, onlyIf: landed('claimed') })),
    ];
  }
  if (view.state === 'lapsed') {
    return [
      ctx.db.update(waitlistEntries).set({ status: 'lapsed', updatedAt: now }).where(and(where('offered'), eq(waitlistEntries.offerHoldId, view.holdId!))),
      auditEntry(ctx, { organizationId: entry.organizationId, actor: SYSTEM, action: 'waitlist.lapsed', resourceType: 'waitlist_entry', resourceId: entry.id, changes: { holdId: view.holdId } }),
    ];
  }
  return [];
}
