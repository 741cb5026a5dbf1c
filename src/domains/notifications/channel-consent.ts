/**
 * The buyer's SMS/WhatsApp choice for an order: made at checkout (an explicit opt-in box next to a number), changed
 * or withdrawn later on the order page. Every choice is kept as it was made (channel_consent_events: when, which
 * channel and number, the exact wording shown and its version) beside the current state (order_channels).
 */
import { and, desc, eq } from 'drizzle-orm';
import { writeBatch, type Write } from '../../db/client';
import { channelConsentEvents, CONSENT_ACTIONS, CONSENT_SOURCES, orderChannels, PHONE_CHANNELS, type PhoneChannel } from '../../db/schema/channels';
import type { orders } from '../../db/schema/orders';
import { LOCALES, type Locale } from '../../db/schema/tenancy';
import { auditEntry } from '../../platform/audit';
import type { ServiceContext } from '../../platform/context';
import { ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { z } from '../../platform/openapi';
import { maskPhone, normalizePhone } from './phone';
import { channelAvailable } from './phone-providers';

type OrderRow = typeof orders.$inferSelect;

/** The opt-in sentence shown beside the checkbox; a new wording gets a new version (the old stays in the history). */
export const CONSENT_WORDING_VERSION = 'phone-optin-2026-12';
export const CONSENT_WORDING: Record<Locale, Record<PhoneChannel, string>> = {
  en: {
    sms: 'Yes, send my ticket link and event reminders by SMS to this number. I can opt out any time on my order page.',
    whatsapp: 'Yes, send my ticket link and event reminders by WhatsApp to this number. I can opt out any time on my order page.',
  },
  af: {
    sms: 'Ja, stuur my kaartjieskakel en herinneringe per SMS na hierdie nommer. Ek kan enige tyd op my bestellingsblad uitteken.',
    whatsapp: 'Ja, stuur my kaartjieskakel en herinneringe per WhatsApp na hierdie nommer. Ek kan enige tyd op my bestellingsblad uitteken.',
  },
};
export const OPT_OUT_WORDING = 'Opted out of SMS and WhatsApp messages on the order page';

export const ChannelChoiceSchema = z
  .object({
    channel: z.enum(PHONE_CHANNELS).openapi({ description: 'Where to send the ticket link and reminders, besides email' }),
    phone: z.string().trim().min(1, 'Required').max(32).openapi({ example: '082 123 4567', description: 'A South African number (leading 0) or any number with + and its country code; stored as E.164' }),
    consent: z.literal(true, { error: 'Tick the box to agree to messages on this channel' }).openapi({ description: 'The buyer ticked the opt-in box (GET /public/notification-channels has its wording)' }),
    wordingVersion: z.string().min(1).max(64).openapi({ example: CONSENT_WORDING_VERSION, description: 'The version of the wording the buyer saw' }),
    locale: z.enum(LOCALES).optional().openapi({ description: 'The language the wording was shown in (default: the order’s)' }),
  })
  .strict()
  .openapi('ChannelChoice', { example: { channel: 'sms', phone: '082 123 4567', consent: true, wordingVersion: CONSENT_WORDING_VERSION, locale: 'en' } });
export type ChannelChoice = z.infer<typeof ChannelChoiceSchema>;

/** Refuses (422, before anything is written) a channel this deployment does not offer, a bad number or an old wording. */
export function checkChannelChoice(env: Cloudflare.Env, choice: ChannelChoice, path: string): string {
  const errors = [];
  if (!channelAvailable(env, choice.channel)) errors.push({ path: `${path}.channel`, message: `${choice.channel === 'sms' ? 'SMS' : 'WhatsApp'} messages are not available` });
  if (choice.wordingVersion !== CONSENT_WORDING_VERSION) errors.push({ path: `${path}.wordingVersion`, message: `The opt-in wording changed: show version ${CONSENT_WORDING_VERSION} and ask again` });
  const phone = normalizePhone(choice.phone);
  if (!phone.ok) errors.push({ path: `${path}.phone`, message: phone.reason });
  if (errors.length || !phone.ok) throw new ValidationError(errors, 'The SMS/WhatsApp choice cannot be used.');
  return phone.e164;
}

/** The opt-in sentence for a waiting-list offer (same version rule as CONSENT_WORDING: change one, bump the version). */
export const WAITLIST_CONSENT_WORDING: Record<Locale, Record<PhoneChannel, string>> = {
  en: {
    sms: 'Yes, send my waiting-list offer and its claim link by SMS to this number. Leaving the list stops these messages.',
    whatsapp: 'Yes, send my waiting-list offer and its claim link by WhatsApp to this number. Leaving the list stops these messages.',
  },
  af: {
    sms: 'Ja, stuur my waglys-aanbod en sy skakel per SMS na hierdie nommer. As ek die lys verlaat, hou hierdie boodskappe op.',
    whatsapp: 'Ja, stuur my waglys-aanbod en sy skakel per WhatsApp na hierdie nommer. As ek die lys verlaat, hou hierdie boodskappe op.',
  },
};
export const LEFT_WAITLIST_WORDING = 'Left the waiting list: no more SMS or WhatsApp messages for this entry';

/** What a consent event is about: an order, or a waiting-list entry. */
export type ConsentSubject = { organizationId: string; orderId: string; waitlistEntryId?: never } | { organizationId: string; waitlistEntryId: string; orderId?: never };

/** One row of the consent history (opt-in, change, opt-out), for the caller's batch. */
export function consentEventWrite(ctx: ServiceContext, subject: ConsentSubject, e: { action: (typeof CONSENT_ACTIONS)[number]; source: (typeof CONSENT_SOURCES)[number]; channel: PhoneChannel; phone: string; wordingVersion: string; wording: string; at: Date }): Write {
  return ctx.db.insert(channelConsentEvents).values({
    id: newId(ID_PREFIXES.consentEvent),
    organizationId: subject.organizationId,
    orderId: subject.orderId ?? null,
    waitlistEntryId: subject.waitlistEntryId ?? null,
    action: e.action,
    source: e.source,
    channel: e.channel,
    phone: e.phone,
    wordingVersion: e.wordingVersion,
    wording: e.wording,
    createdAt: e.at,
  });
}

/** The exact sentence the buyer ticked, in the language it was shown in (the fallback's when unknown). */
export function consentWording(choice: ChannelChoice, fallbackLocale: string, purpose: 'order' | 'waitlist' = 'order'): string {
  const locale = choice.locale ?? fallbackLocale;
  const words = purpose === 'waitlist' ? WAITLIST_CONSENT_WORDING : CONSENT_WORDING;
  return words[(LOCALES as readonly string[]).includes(locale) ? (locale as Locale) : 'en'][choice.channel];
}

/** The rows recording an opt-in (at checkout, or a change on the order page): for the caller's batch. */
export function channelChoiceWrites(ctx: ServiceContext, order: Pick<OrderRow, 'id' | 'organizationId' | 'locale'>, choice: ChannelChoice, e164: string, source: 'checkout' | 'order_page', now = new Date()): Write[] {
  return [
    ctx.db
      .insert(orderChannels)
      .values({ id: newId(ID_PREFIXES.orderChannel), organizationId: order.organizationId, orderId: order.id, channel: choice.channel, phone: e164, wordingVersion: choice.wordingVersion, optedInAt: now, optedOutAt: null, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: orderChannels.orderId, set: { channel: choice.channel, phone: e164, wordingVersion: choice.wordingVersion, optedInAt: now, optedOutAt: null, updatedAt: now } }),
    consentEventWrite(ctx, { organizationId: order.organizationId, orderId: order.id }, { action: source === 'checkout' ? 'opt_in' : 'change', source, channel: choice.channel, phone: e164, wordingVersion: choice.wordingVersion, wording: consentWording(choice, order.locale), at: now }),
  ];
}

async function current(ctx: ServiceContext, order: OrderRow) {
  const [row] = await ctx.db
    .select()
    .from(orderChannels)
    .where(and(eq(orderChannels.organizationId, order.organizationId), eq(orderChannels.orderId, order.id)))
    .limit(1);
  return row ?? null;
}

/** What the order page shows: the current choice (number masked), what may be chosen, and the wording to show. */
export async function orderChannelView(ctx: ServiceContext, order: OrderRow) {
  const row = await current(ctx, order);
  const history = await ctx.db
    .select({ action: channelConsentEvents.action, channel: channelConsentEvents.channel, createdAt: channelConsentEvents.createdAt })
    .from(channelConsentEvents)
    .where(and(eq(channelConsentEvents.organizationId, order.organizationId), eq(channelConsentEvents.orderId, order.id)))
    .orderBy(desc(channelConsentEvents.id))
    .limit(20);
  return {
    channel: row && !row.optedOutAt ? row.channel : null,
    phone: row && !row.optedOutAt ? maskPhone(row.phone) : null,
    optedInAt: row && !row.optedOutAt ? row.optedInAt.toISOString() : null,
    optedOutAt: row?.optedOutAt ? row.optedOutAt.toISOString() : null,
    available: PHONE_CHANNELS.filter((c) => channelAvailable(ctx.env, c)),
    wordingVersion: CONSENT_WORDING_VERSION,
    history: history.map((h) => ({ action: h.action, channel: h.channel, at: h.createdAt.toISOString() })),
  };
}

/** The buyer picks a channel and number (or another one) on the order page. */
export async function changeOrderChannel(ctx: ServiceContext, order: OrderRow, choice: ChannelChoice) {
  const e164 = checkChannelChoice(ctx.env, choice, 'body');
  await writeBatch(ctx.db, [
    ...channelChoiceWrites(ctx, order, choice, e164, 'order_page'),
    auditEntry(ctx, { organizationId: order.organizationId, actor: { type: 'anonymous', id: null }, action: 'order.channel_changed', resourceType: 'order', resourceId: order.id, changes: { channel: choice.channel, wordingVersion: choice.wordingVersion } }),
  ]);
  return orderChannelView(ctx, order);
}

/** STOP: no more SMS or WhatsApp for this order; messages already queued are suppressed when their turn comes. */
export async function optOutOrderChannel(ctx: ServiceContext, order: OrderRow) {
  const row = await current(ctx, order);
  if (row && !row.optedOutAt) {
    const now = new Date();
    await writeBatch(ctx.db, [
      ctx.db.update(orderChannels).set({ optedOutAt: now, updatedAt: now }).where(and(eq(orderChannels.organizationId, order.organizationId), eq(orderChannels.id, row.id))),
      consentEventWrite(ctx, { organizationId: order.organizationId, orderId: order.id }, { action: 'opt_out', source: 'order_page', channel: row.channel, phone: row.phone, wordingVersion: row.wordingVersion, wording: OPT_OUT_WORDING, at: now }),
      auditEntry(ctx, { organizationId: order.organizationId, actor: { type: 'anonymous', id: null }, action: 'order.channel_opted_out', resourceType: 'order', resourceId: order.id, changes: { channel: row.channel } }),
    ]);
  }
  return orderChannelView(ctx, order);
}
