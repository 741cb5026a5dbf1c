/** Outgoing webhook shapes: the signing secret appears in the create and rotate responses only, never again. */
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from '../../db/schema/messaging';
import { PageQuery, z } from '../../platform/openapi';
import { IsoDateTime, safeText } from '../shared-schemas';

const URL_EXAMPLE = 'https://hooks.example.com/voelgoed';

const WebhookUrl = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(2048)
  .openapi({ example: URL_EXAMPLE, description: 'Where deliveries are POSTed: https (plain http to 127.0.0.1/localhost only on a development or test deployment)' });

const EventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, 'Choose at least one event type')
  .max(WEBHOOK_EVENT_TYPES.length * 2)
  .transform((types) => [...new Set(types)])
  .openapi({ example: ['order.paid', 'order.refunded'], description: 'The event types this endpoint receives' });

const Description = safeText(z.string().trim().max(500)).openapi({ example: 'Orders into the CRM' });

export const WebhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()),
    status: z.enum(['active', 'disabled']),
    disabledReason: z.string().nullable(),
    consecutiveFailures: z.number().int().openapi({ description: 'Dead deliveries in a row (reset by any success); the endpoint is disabled at 5' }),
    previousSecretExpiresAt: IsoDateTime.nullable().openapi({ description: 'Until then, deliveries are also signed with the secret before the last rotation' }),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('WebhookEndpoint');
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

export const WebhookEndpointWithSecretSchema = WebhookEndpointSchema.extend({
  secret: z.string().openapi({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'The signing secret. Shown only in this response: store it now.' }),
}).openapi('WebhookEndpointWithSecret');

export const CreateWebhookSchema = z
  .object({ url: WebhookUrl, eventTypes: EventTypes, description: Description.optional() })
  .strict()
  .openapi('CreateWebhook', { example: { url: URL_EXAMPLE, eventTypes: ['order.paid', 'order.refunded'], description: 'Orders into the CRM' } });
export type CreateWebhook = z.infer<typeof CreateWebhookSchema>;

export const UpdateWebhookSchema = z
  .object({
    url: WebhookUrl.optional(),
    eventTypes: EventTypes.optional(),
    description: Description.nullable().optional(),
    status: z.literal('active').optional().openapi({ description: 'Re-enable a disabled endpoint (its failure count starts again at 0)' }),
  })
  .strict()
  .openapi('UpdateWebhook', { example: { eventTypes: ['order.paid', 'order.refunded', 'order.cancelled'], description: 'Orders into the CRM' } });
export type UpdateWebhook = z.infer<typeof UpdateWebhookSchema>;

export const WebhookAttemptSchema = z
  .object({
    at: IsoDateTime,
    status: z.number().int().nullable().openapi({ description: 'The HTTP status answered, or null when no answer came (timeout, connection refused)' }),
    durationMs: z.number().int(),
    error: z.string().nullable(),
  })
  .openapi('WebhookAttempt');

export const WebhookDeliverySchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventId: z.string().openapi({ description: 'Also the `webhook-id` header: the same on every attempt' }),
    eventType: z.string(),
    payload: z.record(z.string(), z.unknown()).openapi({ description: 'The event data (the `data` of the body sent)' }),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).openapi({
      description: 'pending: being tried; succeeded: a 2xx came back; dead: every retry failed; failed: not tried because the endpoint was disabled',
    }),
    attempts: z.array(WebhookAttemptSchema),
    nextAttemptAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('WebhookDelivery');
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const DeliveryQuery = PageQuery.extend({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional().openapi({ description: 'Only deliveries in this state' }),
});
