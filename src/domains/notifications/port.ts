/** The notifications port: domain code queues a message here (in its own batch); the delivery queue (issue 6) sends it. */
import { notificationOutbox } from '../../db/schema/notifications';
import type { ServiceContext } from '../../platform/context';
import { ID_PREFIXES, newId } from '../../platform/ids';

export type EmailTemplate = 'invitation' | 'password_reset' | 'order_confirmation' | 'order_refunded' | 'order_auto_refunded' | 'order_cancelled';

export type QueueEmailInput = {
  organizationId: string | null;
  to: string;
  template: EmailTemplate;
  locale: string;
  payload: Record<string, unknown>;
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
    createdAt: new Date(),
  });
}
