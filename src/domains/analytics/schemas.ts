/**
 * Analytics (the buyer journey, docs/analytics.md): the event kinds, what a client may send, and the queue message
 * that carries events — client-sent and server-recorded alike — to Postgres' analytics_events.
 *
 * What is never here: names, emails, order access tokens, full IP addresses, user agents, full URLs. The organization
 * is never taken from a client: it is the event's (looked up server-side).
 */
import { z } from '../../platform/openapi';
import { DEVICE_CLASSES } from './privacy';

export const JOURNEY_KINDS = [
  'page_view',
  'seat_map_opened',
  'ticket_selected',
  'hold_made',
  'hold_expired',
  'checkout_started',
  'payment_started',
  'payment_failed',
  'order_completed',
  'waiting_room_joined',
  'waiting_room_admitted',
] as const;
export type JourneyKind = (typeof JOURNEY_KINDS)[number];

/** The kinds a storefront reports; the rest the server records itself (a client may not claim a sale). */
export const CLIENT_KINDS = ['page_view', 'seat_map_opened', 'ticket_selected'] as const satisfies readonly JourneyKind[];

/** Channels as the Postgres copy of orders names them (orders.channel: sales by channel). */
export const CHANNELS = ['storefront', 'box_office', 'api'] as const;

/** A client-made id: a UUID or a ULID — the idempotency key of the event (a resent batch stores nothing twice). */
export const EVENT_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9A-HJKMNP-TV-Z]{26})$/i;
/** The storefront's first-party random visitor id (localStorage), never derived from an address. */
export const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/;
const ID = /^[a-z]{2,5}_[A-Za-z0-9]{8,40}$/;

const Short = z.string().max(100);

export const AnalyticsEventSchema = z
  .strictObject({
    id: z.string().regex(EVENT_ID, 'Must be a UUID or a ULID').openapi({ description: 'Made by the client: resending the same id stores nothing twice', example: '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b' }),
    kind: z.enum(CLIENT_KINDS).openapi({ description: 'What happened (the other journey steps are recorded by the server)' }),
    occurredAt: z.iso.datetime({ offset: true }).openapi({ description: 'When, by the client’s clock (outside the last 24 hours: the time it arrived)', example: '2026-12-05T06:00:00Z' }),
    eventId: z.string().regex(ID, 'Must be an event id').openapi({ description: 'The (published) event the buyer is looking at', example: 'evt_01jx0000000000000000000000' }),
    ticketTypeId: z.string().regex(ID, 'Must be a ticket type id').optional().openapi({ description: 'For ticket_selected: the ticket type chosen' }),
    channel: z.enum(CHANNELS).optional().openapi({ description: 'Where the buyer is (default storefront)' }),
    referrer: z.string().max(2048).optional().openapi({ description: 'Where the buyer came from: only its host is kept (never the path or query)', example: 'https://news.example.com/' }),
    utmSource: Short.optional(),
    utmMedium: Short.optional(),
    utmCampaign: Short.optional(),
    locale: z.string().max(35).regex(LOCALE, 'Must be a language tag').optional().openapi({ example: 'en-ZA' }),
    visitorId: z.string().regex(VISITOR_ID, 'Must be 16–64 letters, digits, - or _').optional().openapi({ description: 'The storefront’s random first-party id (also accepted as the Visitor-Id header)' }),
  })
  .openapi('AnalyticsEvent');
export type AnalyticsEvent = z.infer<typeof AnalyticsEventSchema>;

export const MAX_EVENTS_PER_BATCH = 50;

export const AnalyticsBatchSchema = z
  .strictObject({ events: z.array(AnalyticsEventSchema).min(1).max(MAX_EVENTS_PER_BATCH) })
  .openapi('AnalyticsBatch', {
    example: { events: [{ id: '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b', kind: 'page_view', occurredAt: '2026-12-05T06:00:00Z', eventId: 'evt_01jx0000000000000000000000' }] },
  });

export const AnalyticsAcceptedSchema = z
  .object({
    accepted: z.number().int().openapi({ description: 'Events on their way to storage' }),
    dropped: z.number().int().openapi({ description: 'Events of no published event (unknown, draft, or not on sale): not stored' }),
  })
  .openapi('AnalyticsAccepted');

/** One journey step as the queue carries it and Postgres stores it: identity already reduced (privacy.ts). */
export const JourneyItemSchema = z.object({
  id: z.string().min(1).max(64),
  organizationId: z.string().min(1).max(64),
  eventId: z.string().min(1).max(64),
  kind: z.enum(JOURNEY_KINDS),
  /** Epoch ms. */
  occurredAt: z.number().int().nonnegative(),
  source: z.enum(['client', 'server']),
  ticketTypeId: z.string().max(64).nullable(),
  channel: z.enum(CHANNELS),
  referrerHost: z.string().max(253).nullable(),
  utmSource: z.string().max(100).nullable(),
  utmMedium: z.string().max(100).nullable(),
  utmCampaign: z.string().max(100).nullable(),
  deviceClass: z.enum(DEVICE_CLASSES).nullable(),
  locale: z.string().max(35).nullable(),
  visitorId: z.string().max(64).nullable(),
  ipNetwork: z.string().max(64).nullable(),
});
export type JourneyItem = z.infer<typeof JourneyItemSchema>;

/** On the analytics queue beside `occupancy` (src/domains/analytics/consumer.ts). */
export const JourneyMessageSchema = z.object({ kind: z.literal('journey'), items: z.array(JourneyItemSchema).min(1).max(200) });
export type JourneyMessage = z.infer<typeof JourneyMessageSchema>;
