/** The notifications port: domain code queues a message here (in its own batch); the delivery queue (issue 6) sends it. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { notificationOutbox } from '../../db/schema/notifications';
import { orders } from '../../db/schema/orders';
import type { ServiceContext } from '../../platform/context';
import { ID_PREFIXES, newId } from '../../platform/ids';

import type { EmailTemplate } from './templates';

export type { EmailTemplate };

export type QueueEmailInput = {
  organizationId: string | null;
  to: string;
  template: EmailTemplate;
  locale: string;
  payload: Record<string, unknown>;
  /** Once per occasion: a second message with the same key is not written. */
  dedupeKey?: string;
  /** Not before this time. */
  sendAfter?: Date;
};

export function queueEmail(ctx: ServiceContext, input: QueueEmailInput) {
  return ctx.db.insert(notificationOutbox).values({
    id: newId(ID_PREFIXES.notification),
    organizationId: input.organizationId,
    channel: 'email',
    recipient: input.to,
    template: input.template,
    locale: input.locale,
    payload: input.payload,
    status: 'queued',
    dedupeKey: input.dedupeKey ?? null,
    sendAfter: input.sendAfter ?? null,
    createdAt: new Date(),
  }).onConflictDoNothing({ target: notificationOutbox.dedupeKey });
}

/**
 * One email per paid order of an event, written by a single INSERT … SELECT (for the caller's batch):
 * event cancellations and reminders reach every buyer without reading the orders first. Each row's
 * dedupe key is `<template>:<order id>`, so a retried or repeated run writes nothing twice.
 */
export function queueEmailsToBuyers(db: Database, input: { organizationId: string; eventId: string; template: EmailTemplate; at: Date }) {
  return db
    .insert(notificationOutbox)
    .select(
      db
        .select({
          id: sql<string>`'ntf_' || lower(hex(randomblob(13)))`.as('id'),
          organizationId: orders.organizationId,
          channel: sql<'email'>`'email'`.as('channel'),
          recipient: orders.buyerEmail,
          template: sql<string>`${input.template}`.as('template'),
          locale: orders.locale,
          payload: sql<Record<string, unknown>>`json_object('orderId', ${orders.id})`.as('payload'),
          status: sql<'queued'>`'queued'`.as('status'),
          enqueuedAt: sql<null>`null`.as('enqueued_at'),
          attempts: sql<number>`0`.as('attempts'),
          lastError: sql<null>`null`.as('last_error'),
          providerMessageId: sql<null>`null`.as('provider_message_id'),
          dedupeKey: sql<string>`${`${input.template}:`} || ${orders.id}`.as('dedupe_key'),
          sendAfter: sql<null>`null`.as('send_after'),
          createdAt: sql<Date>`${input.at.getTime()}`.as('created_at'),
          sentAt: sql<null>`null`.as('sent_at'),
        })
        .from(orders)
        .where(and(eq(orders.organizationId, input.organizationId), eq(orders.eventId, input.eventId), inArray(orders.status, ['paid', 'partially_refunded']))),
    )
    .onConflictDoNothing();
}
