/** API request log shapes: the queue message that carries entries, the list's filters and its items. */
import { z } from '../../platform/openapi';
import { IsoDateTime } from '../shared-schemas';

export const ACTOR_KINDS = ['api_key', 'user'] as const;

/** One request as the collector saw it; `at` is when it arrived (epoch ms). */
export const ApiRequestEntrySchema = z.object({
  id: z.string().min(1).max(128),
  organizationId: z.string().min(1).max(64),
  at: z.number().int().nonnegative(),
  method: z.string().min(1).max(10),
  route: z.string().min(1).max(300),
  status: z.number().int().min(100).max(599),
  latencyMs: z.number().int().nonnegative(),
  actorType: z.enum(ACTOR_KINDS),
  apiKeyId: z.string().max(64).nullable(),
});
export type ApiRequestEntry = z.infer<typeof ApiRequestEntrySchema>;

/** On the replication queue beside `replicate` (src/domains/replication/consumer.ts). */
export const ApiRequestsMessageSchema = z.object({
  kind: z.literal('api_requests'),
  entries: z.array(ApiRequestEntrySchema).min(1).max(200),
});
export type ApiRequestsMessage = z.infer<typeof ApiRequestsMessageSchema>;

export const ApiRequestSchema = z
  .object({
    id: z.string().openapi({ description: 'The request id (the X-Request-Id the API answered with)' }),
    createdAt: IsoDateTime,
    method: z.string().openapi({ example: 'GET' }),
    route: z.string().openapi({ description: 'The route pattern that answered (no ids, no query string)', example: '/api/v1/orgs/:orgId/events/:eventId' }),
    status: z.number().int().openapi({ example: 200 }),
    latencyMs: z.number().int(),
    actorType: z.enum(ACTOR_KINDS),
    apiKeyId: z.string().nullable(),
  })
  .openapi('ApiRequest');

export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;

export const ApiRequestQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'Page size (1–200)' }),
  cursor: z
    .string()
    .max(160)
    .regex(/^\d{1,15}\.[A-Za-z0-9._:-]{1,128}$/)
    .optional()
    .openapi({ description: 'The `nextCursor` of the previous page' }),
  apiKeyId: z.string().max(64).optional().openapi({ description: 'Only requests made with this API key' }),
  actorType: z.enum(ACTOR_KINDS).optional().openapi({ description: 'Only requests by API keys, or by members signed in' }),
  status: z
    .union([z.enum(STATUS_CLASSES), z.string().regex(/^[1-5]\d\d$/)])
    .optional()
    .openapi({ description: 'A status code (`404`) or class (`4xx`)' }),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).optional(),
  route: z.string().max(300).optional().openapi({ description: 'Exact route pattern, e.g. `/api/v1/orgs/:orgId/events`' }),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Requests at or after this time' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Requests before this time' }),
});
export type ApiRequestQuery = z.infer<typeof ApiRequestQuery>;
