/**
 * Queueing SMS and WhatsApp messages: rows in the same notification outbox as email (channel `sms` or `whatsapp`,
 * the recipient an E.164 number), written in the caller's batch, delivered by the notifications consumer.
 * Messages about an order go only to a buyer who opted in (order_channels, not opted out), on the channel and number
 * chosen; the waiting list and ticket transfers send to a number their own flow collected (with its own opt-in).
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orderChannels, type PhoneChannel } from '../../db/schema/channels';
import { notificationOutbox } from '../../db/schema/notifications';
import { orders } from '../../db/schema/orders';
import type { Locale } from '../../db/schema/tenancy';
import { ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { normalizePhone } from './phone';
import type { PhoneTemplate } from './phone-templates';

const outboxSelect = (template: PhoneTemplate, at: Date) => ({
  id: sql<string>`'ntf_' || lower(hex(randomblob(13)))`.as('id'),
  organizationId: orderChannels.organizationId,
  channel: orderChannels.channel,
  recipient: orderChannels.phone,
  template: sql<string>`${template}`.as('template'),
  locale: orders.locale,
  payload: sql<Record<string, unknown>>`json_object('orderId', ${orders.id})`.as('payload'),
  status: sql<'queued'>`'queued'`.as('status'),
  enqueuedAt: sql<null>`null`.as('enqueued_at'),
  attempts: sql<number>`0`.as('attempts'),
  lastError: sql<null>`null`.as('last_error'),
  providerMessageId: sql<null>`null`.as('provider_message_id'),
  dedupeKey: sql<string>`${`phone:${template}:`} || ${orders.id}`.as('dedupe_key'),
  sendAfter: sql<null>`null`.as('send_after'),
  createdAt: sql<Date>`${at.getTime()}`.as('created_at'),
  sentAt: sql<null>`null`.as('sent_at'),
});

/**
 * The order's ticket link (on payment) or another order message, to its buyer's phone if they opted in: one
 * INSERT … SELECT for the caller's batch, so an order without a phone channel writes nothing. Once per order and template.
 */
export function queuePhoneToOrderBuyer(db: Database, input: { organizationId: string; orderId: string; template: PhoneTemplate; at: Date }) {
  return db
    .insert(notificationOutbox)
    .select(
      db
        .select(outboxSelect(input.template, input.at))
        .from(orderChannels)
        .innerJoin(orders, and(eq(orders.organizationId, orderChannels.organizationId), eq(orders.id, orderChannels.orderId)))
        .where(and(eq(orderChannels.organizationId, input.organizationId), eq(orderChannels.orderId, input.orderId), isNull(orderChannels.optedOutAt))),
    )
    .onConflictDoNothing();
}

/** Every paid order of an event whose buyer opted in to a phone channel (event reminders): once per order. */
export function queuePhoneToEventBuyers(db: Database, input: { organizationId: string; eventId: string; template: PhoneTemplate; at: Date }) {
  return db
    .insert(notificationOutbox)
    .select(
      db
        .select(outboxSelect(input.template, input.at))
        .from(orderChannels)
        .innerJoin(orders, and(eq(orders.organizationId, orderChannels.organizationId), eq(orders.id, orderChannels.orderId)))
        .where(and(eq(orderChannels.organizationId, input.organizationId), eq(orders.eventId, input.eventId), inArray(orders.status, ['paid', 'partially_refunded']), isNull(orderChannels.optedOutAt))),
    )
    .onConflictDoNothing();
}

export type QueuePhoneMessageInput = {
  organizationId: string;
  channel: PhoneChannel;
  /** Any form a person types (`082 123 4567`); refused (422) unless it normalises to E.164. */
  to: string;
  template: PhoneTemplate;
  locale: Locale;
  /** The template's variables (PHONE_TEMPLATE_PARAMS), `url` a link the platform made. */
  vars: Record<string, string>;
  /** Once per occasion: a second message with the same key is not written. */
  dedupeKey?: string;
  sendAfter?: Date;
  /** What the message is about, checked again when it is sent (a waiting-list offer: still open, else not sent). */
  about?: { waitlistEntryId: string; holdId: string };
};

/** One message to a number the caller's own flow collected with an opt-in (for its batch). */
export function queuePhoneMessage(db: Database, input: QueuePhoneMessageInput) {
  const phone = normalizePhone(input.to);
  if (!phone.ok) throw new ValidationError([{ path: 'phone', message: phone.reason }], 'Not a phone number we can send to.');
  return db
    .insert(notificationOutbox)
    .values({
      id: newId(ID_PREFIXES.notification),
      organizationId: input.organizationId,
      channel: input.channel,
      recipient: phone.e164,
      template: input.template,
      locale: input.locale,
      payload: { vars: input.vars, ...(input.about ?? {}) },
      status: 'queued',
      dedupeKey: input.dedupeKey ?? null,
      sendAfter: input.sendAfter ?? null,
      createdAt: new Date(),
    })
    .onConflictDoNothing({ target: notificationOutbox.dedupeKey });
}

/**
 * For the waiting list: the offer of a place, with its claim link, on the channel the person chose when joining
 * (template `waitlist_offer`). `expires` is shown as written (format it in the event's timezone and the person's
 * language). Once per offer: pass the offer id as `offerId`. With `waitlistEntryId` (and the offer's hold as `offerId`)
 * the message is not sent once the entry left the list or the offer ended before its turn came.
 */
export function queueWaitlistOffer(
  db: Database,
  input: { organizationId: string; offerId: string; channel: PhoneChannel; phone: string; locale: Locale; eventName: string; expires: string; claimUrl: string; waitlistEntryId?: string },
) {
  return queuePhoneMessage(db, {
    organizationId: input.organizationId,
    channel: input.channel,
    to: input.phone,
    template: 'waitlist_offer',
    locale: input.locale,
    vars: { eventName: input.eventName, expires: input.expires, url: input.claimUrl },
    dedupeKey: `phone:waitlist_offer:${input.offerId}`,
    ...(input.waitlistEntryId ? { about: { waitlistEntryId: input.waitlistEntryId, holdId: input.offerId } } : {}),
  });
}
