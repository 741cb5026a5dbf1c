/**
 * Turns an SMS/WhatsApp outbox row into the message to send. Order messages are filled from current data (the
 * order's current link, the event's date in its timezone) and go only while the buyer's choice still stands: opted
 * out, or moved to another channel or number since the row was queued, the row is suppressed instead; a waiting-list
 * offer goes only while the offer is open (not after the person left the list).
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orderChannels } from '../../db/schema/channels';
import { events } from '../../db/schema/events';
import type { notificationOutbox } from '../../db/schema/notifications';
import { orders } from '../../db/schema/orders';
import { LOCALES, type Locale } from '../../db/schema/tenancy';
import { waitlistEntries } from '../../db/schema/waitlists';
import { orderUrl } from '../orders/access-token';
import { PHONE_TEMPLATES, renderPhoneMessage, type PhoneTemplate, type RenderedPhoneMessage } from './phone-templates';
import { SuppressEmail } from './suppress';

type OutboxRow = typeof notificationOutbox.$inferSelect;

const localeOf = (l: string): Locale => ((LOCALES as readonly string[]).includes(l) ? (l as Locale) : 'en');

/** "Sat 14 Mar, 19:30": short, in the venue's timezone and the reader's language, plain spaces only (GSM-7). */
export function shortWhen(at: Date, timezone: string, locale: Locale): string {
  const text = new Intl.DateTimeFormat(locale === 'af' ? 'af-ZA' : 'en-ZA', { timeZone: timezone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

/** A waiting-list offer goes out only while it is open: not after the person left the list or the offer ended. */
async function checkWaitlistOfferOpen(db: Database, organizationId: string, entryId: string, holdId: string | undefined) {
  const [entry] = await db
    .select({ status: waitlistEntries.status, offerHoldId: waitlistEntries.offerHoldId })
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.organizationId, organizationId), eq(waitlistEntries.id, entryId)))
    .limit(1);
  if (!entry || entry.status !== 'offered' || entry.offerHoldId !== holdId) throw new SuppressEmail(`the waiting-list offer is no longer open (${entry?.status ?? 'no entry'})`);
}

export async function composePhoneMessage(db: Database, env: Cloudflare.Env, row: OutboxRow): Promise<RenderedPhoneMessage & { template: PhoneTemplate; locale: Locale }> {
  if (!(PHONE_TEMPLATES as readonly string[]).includes(row.template)) throw new Error(`Unknown phone template ${row.template}`);
  const template = row.template as PhoneTemplate;
  const locale = localeOf(row.locale);
  const p = row.payload as { orderId?: string; vars?: Record<string, string>; waitlistEntryId?: string; holdId?: string };
  if (p.waitlistEntryId) await checkWaitlistOfferOpen(db, row.organizationId!, p.waitlistEntryId, p.holdId);
  if (!p.orderId) return { ...renderPhoneMessage(template, locale, p.vars ?? {}), template, locale };

  const organizationId = row.organizationId!;
  const [found] = await db
    .select({ order: orders, event: events, choice: orderChannels })
    .from(orders)
    .innerJoin(events, eq(events.id, orders.eventId))
    .leftJoin(orderChannels, and(eq(orderChannels.organizationId, orders.organizationId), eq(orderChannels.orderId, orders.id)))
    .where(and(eq(orders.organizationId, organizationId), eq(orders.id, p.orderId)))
    .limit(1);
  if (!found) throw new Error(`Order ${p.orderId} not found for ${organizationId}`);
  const { order, event, choice } = found;
  if (!choice || choice.optedOutAt) throw new SuppressEmail('the buyer opted out of phone messages');
  if (choice.channel !== row.channel || choice.phone !== row.recipient) throw new SuppressEmail('the buyer chose another channel or number since this was queued');
  const vars = { eventName: event.name, eventDate: shortWhen(event.startsAt, event.timezone, locale), url: await orderUrl(env, order) };
  return { ...renderPhoneMessage(template, locale, vars), template, locale };
}
