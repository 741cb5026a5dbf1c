/** The notifications port: domain code queues a message here (in its own batch); the delivery queue (issue 6) sends it. */
import { notificationOutbox } from '../../db/schema/notifications';
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
