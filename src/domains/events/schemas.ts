/** Event, ticket type, lifecycle and hold shapes, in and out. */
import { PublicBrandingSchema } from '../organizations/branding-schemas';
import { z } from '../../platform/openapi';
import { EVENT_STATUSES, TICKET_TYPE_KINDS, TICKET_TYPE_VISIBILITIES } from '../../db/schema/events';
import { LOCALES } from '../../db/schema/tenancy';
import { CurrencySchema, IsoDateTime, safeText, TimezoneSchema } from '../shared-schemas';

const Instant = z.iso.datetime({ offset: true }).openapi({ example: '2027-03-14T17:00:00Z' });
const Key = z.string().regex(/^[A-Za-z0-9 ._'-]{1,16}$/, 'Use 1–16 letters, digits, spaces or . _ \' -');

export const EventStatusSchema = z.enum(EVENT_STATUSES);

export const EventSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    status: EventStatusSchema,
    venueId: z.string(),
    layoutId: z.string().nullable(),
    layoutVersion: z.number().int().nullable(),
    timezone: z.string(),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    doorsAt: IsoDateTime.nullable(),
    saleStartsAt: IsoDateTime.nullable(),
    saleEndsAt: IsoDateTime.nullable(),
    /** The start in the event's own timezone, as people there read it. */
    startsAtLocal: z.string().openapi({ example: '2027-03-14T19:00:00+02:00' }),
    holdTtlSeconds: z.number().int(),
    reentryAllowed: z.boolean(),
    shardThreshold: z.number().int().nullable(),
    shardCount: z.number().int(),
    publishedAt: IsoDateTime.nullable(),
    cancelledAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
  })
  .openapi('Event');
export type EventOut = z.infer<typeof EventSchema>;

const eventFields = {
  name: safeText(z.string().trim().min(1, 'Required').max(200)),
  description: safeText(z.string().max(5000), { multiline: true }).nullable().optional(),
  venueId: z.string().min(1).max(64),
  layoutId: z.string().min(1).max(64).nullable().optional(),
  timezone: TimezoneSchema.optional().openapi({ description: "Defaults to the venue's timezone" }),
  startsAt: Instant,
  endsAt: Instant,
  doorsAt: Instant.nullable().optional(),
  saleStartsAt: Instant.nullable().optional(),
  saleEndsAt: Instant.nullable().optional(),
  holdTtlSeconds: z.number().int().min(60).max(3600).optional().openapi({ description: 'How long a hold lasts (default 300)' }),
  reentryAllowed: z.boolean().optional().openapi({ description: 'Scanning out and back in is allowed (default false)' }),
  shardThreshold: z
    .number()
    .int()
    .min(100)
    .max(1_000_000)
    .nullable()
    .optional()
    .openapi({ description: 'Split the inventory by section at publish when the event has more seats for sale than this (null: never; fixed once published)' }),
  shardCount: z.number().int().min(2).max(16).optional().openapi({ description: 'At most this many inventory shards (default 4; fixed once published)' }),
};

type Times = { startsAt?: string; endsAt?: string; doorsAt?: string | null; saleStartsAt?: string | null; saleEndsAt?: string | null };

/** Cross-field time rules, shared by create and update (update checks them again on the merged record). */
export function timeProblems(t: Times): { path: string; message: string }[] {
  const ms = (v: string | null | undefined) => (v ? Date.parse(v) : null);
  const [starts, ends, doors, saleStarts, saleEnds] = [ms(t.startsAt), ms(t.endsAt), ms(t.doorsAt), ms(t.saleStartsAt), ms(t.saleEndsAt)];
  const problems: { path: string; message: string }[] = [];
  if (starts !== null && ends !== null && ends <= starts) problems.push({ path: 'endsAt', message: 'Must be after startsAt' });
  if (doors !== null && starts !== null && doors > starts) problems.push({ path: 'doorsAt', message: 'Doors open at or before the start' });
  if (saleStarts !== null && saleEnds !== null && saleEnds <= saleStarts) problems.push({ path: 'saleEndsAt', message: 'Must be after saleStartsAt' });
  if (saleEnds !== null && ends !== null && saleEnds > ends) problems.push({ path: 'saleEndsAt', message: 'The sale must end by the end of the event' });
  return problems;
}

function refineTimes(value: Times, ctx: z.RefinementCtx) {
  for (const p of timeProblems(value)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
}

export const CreateEventSchema = z
  .object(eventFields)
  .strict()
  .superRefine(refineTimes)
  .openapi('CreateEvent', {
    example: {
      name: 'Kirstenbosch Summer Concert',
      venueId: 'ven_01jx0000000000000000000000',
      startsAt: '2027-03-14T17:00:00Z',
      endsAt: '2027-03-14T21:00:00Z',
      doorsAt: '2027-03-14T16:00:00Z',
    },
  });
export type CreateEvent = z.infer<typeof CreateEventSchema>;

export const UpdateEventSchema = z
  .object(eventFields)
  .partial()
  .strict()
  .superRefine(refineTimes)
  .openapi('UpdateEvent', { example: { name: 'Kirstenbosch Summer Concert (late show)', holdTtlSeconds: 420 } });
export type UpdateEvent = z.infer<typeof UpdateEventSchema>;

export const TransitionSchema = z
  .object({ status: EventStatusSchema.exclude(['draft']) })
  .strict()
  .openapi('EventTransition', { example: { status: 'published' } });

export const TicketTypeSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    name: z.string(),
    kind: z.enum(TICKET_TYPE_KINDS),
    categories: z.array(z.string()),
    gaAreaKey: z.string().nullable(),
    capacity: z.number().int().nullable(),
    priceMinor: z.number().int().openapi({ description: 'Price in minor units (cents) of `currency`' }),
    currency: z.string(),
    minPerOrder: z.number().int(),
    maxPerOrder: z.number().int(),
    saleStartsAt: IsoDateTime.nullable(),
    saleEndsAt: IsoDateTime.nullable(),
    visibility: z.enum(TICKET_TYPE_VISIBILITIES),
    position: z.number().int(),
    gateIds: z.array(z.string()).openapi({ description: 'Gates that admit it; empty = every gate' }),
  })
  .openapi('TicketType');
export type TicketTypeOut = z.infer<typeof TicketTypeSchema>;

const ticketTypeFields = {
  name: safeText(z.string().trim().min(1, 'Required').max(120)),
  kind: z.enum(TICKET_TYPE_KINDS),
  categories: z.array(Key).max(50).optional(),
  gaAreaKey: Key.nullable().optional(),
  capacity: z.number().int().min(1).max(1_000_000).nullable().optional(),
  priceMinor: z.number().int().min(0).max(100_000_000),
  currency: CurrencySchema.optional().openapi({ description: "Defaults to the organization's currency" }),
  minPerOrder: z.number().int().min(1).max(50).optional(),
  maxPerOrder: z.number().int().min(1).max(50).optional(),
  saleStartsAt: Instant.nullable().optional(),
  saleEndsAt: Instant.nullable().optional(),
  visibility: z.enum(TICKET_TYPE_VISIBILITIES).optional(),
  position: z.number().int().min(0).max(1000).optional(),
  gateIds: z.array(z.string().min(1).max(64)).max(50).optional(),
};

export const CreateTicketTypeSchema = z
  .object(ticketTypeFields)
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'seated' && !v.categories?.length) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'A seated ticket type sells at least one seat category' });
    if (v.kind === 'seated' && v.gaAreaKey) ctx.addIssue({ code: 'custom', path: ['gaAreaKey'], message: 'Only general-admission types admit to an area' });
    if (v.kind === 'ga' && !v.gaAreaKey && !v.capacity) ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'A general-admission type needs a capacity or a GA area' });
    if (v.kind === 'ga' && v.categories?.length) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'Only seated types sell seat categories' });
    if ((v.minPerOrder ?? 1) > (v.maxPerOrder ?? 10)) ctx.addIssue({ code: 'custom', path: ['maxPerOrder'], message: 'Must be at least minPerOrder' });
  })
  .openapi('CreateTicketType', { example: { name: 'General admission', kind: 'ga', capacity: 500, priceMinor: 25000 } });
export type CreateTicketType = z.infer<typeof CreateTicketTypeSchema>;

export const UpdateTicketTypeSchema = z
  .object(ticketTypeFields)
  .omit({ kind: true })
  .partial()
  .strict()
  .openapi('UpdateTicketType', { example: { priceMinor: 27500, maxPerOrder: 6 } });
export type UpdateTicketType = z.infer<typeof UpdateTicketTypeSchema>;

export const CreateHoldSchema = z
  .object({
    ticketTypeId: z.string().min(1).max(64),
    seats: z.array(z.string().min(1).max(60)).min(1).max(50).optional().openapi({ description: 'These seats (seated types)' }),
    quantity: z.number().int().min(1).max(50).optional().openapi({ description: 'A number of general-admission places' }),
    bestAvailable: z
      .object({ quantity: z.number().int().min(1).max(50), category: Key.optional(), accessible: z.boolean().optional() })
      .strict()
      .optional()
      .openapi({ description: 'Let us choose N seats together, nearest the stage' }),
    accessCode: z.string().trim().min(1).max(64).optional().openapi({ description: 'An access code (coupon) that unlocks a hidden ticket type; keep it for the checkout' }),
    turnstileToken: z
      .string()
      .max(4096)
      .optional()
      .openapi({ description: 'The Turnstile widget’s token, wherever TURNSTILE_SECRET is set and the event has no active waiting room, unless a `Human-Pass` header is sent' }),
  })
  .strict()
  .refine((v) => [v.seats, v.quantity, v.bestAvailable].filter((x) => x !== undefined).length === 1, {
    message: 'Send exactly one of seats, quantity or bestAvailable',
    path: ['ticketTypeId'],
  })
  .openapi('CreateHold', { example: { ticketTypeId: 'tty_01jx0000000000000000000000', quantity: 2 } });

export const HoldSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    ticketTypeId: z.string(),
    status: z.enum(['active', 'confirmed', 'released', 'expired']),
    seats: z.array(z.string()),
    quantity: z.number().int(),
    expiresAt: IsoDateTime,
    extended: z.boolean(),
  })
  .openapi('Hold');

export const HeldSchema = HoldSchema.extend({
  humanPass: z.string().optional().openapi({ description: 'After a Turnstile check: send as the `Human-Pass` header on later holds, extensions and quotes of this event instead of a new token' }),
  humanPassExpiresAt: IsoDateTime.optional(),
}).openapi('Held');

export { Key as LayoutKeySchema };

export const SeatMapSchema = z
  .object({
    version: z.number().int(),
    liveVersion: z
      .number()
      .int()
      .openapi({ description: 'The organizer live channel’s version this map reflects: open the live channel with `?since=` it to follow its deltas' }),
    focal: z.object({ x: z.number(), y: z.number() }),
    categories: z.array(z.object({ key: z.string(), name: z.string(), color: z.string() })),
    gaAreas: z.array(z.object({ key: z.string(), name: z.string(), capacity: z.number().int() })),
    seats: z
      .array(z.array(z.union([z.string(), z.number()])))
      .openapi({ description: 'Compact: [id, x, y, category, flags (1 accessible, 2 restricted view), status]' }),
    sections: z
      .array(z.object({ key: z.string(), name: z.string() }))
      .openapi({ description: 'Every section that has seats here, in seat order: its key (the first part of a seat id) and display name' }),
    counts: z.record(z.string(), z.unknown()),
  })
  .openapi('SeatMap');

export const PublicSeatMapSchema = z
  .object({
    version: z.number().int().openapi({ description: 'The public channel’s version: open the live channel with `?since=` this version to follow its deltas' }),
    focal: z.object({ x: z.number(), y: z.number() }),
    categories: z.array(z.object({ key: z.string(), name: z.string(), color: z.string() })),
    gaAreas: z.array(z.object({ key: z.string(), name: z.string() })),
    seats: z
      .array(z.array(z.union([z.string(), z.number()])))
      .openapi({ description: 'Compact: [id, x, y, category, flags (1 accessible, 2 restricted view), status (available | unavailable)]' }),
    sections: z.array(z.object({ key: z.string(), name: z.string() })).openapi({ description: 'Every section that has seats here, in seat order: its key and display name' }),
    ticketTypes: z
      .record(z.string(), z.object({ available: z.number().int().nullable() }))
      .openapi({ description: 'Visible ticket types only: places left when few (≤ 10), 0 when sold out, null when plenty' }),
  })
  .openapi('PublicSeatMap');

export const PublicEventQuery = z.object({
  code: z.string().trim().min(1).max(64).optional().openapi({ description: 'An access code: also list the hidden ticket types it unlocks' }),
});

export const LiveQuery = z.object({
  only: z
    .enum(['queue'])
    .optional()
    .openapi({ description: '`queue`: a waiting buyer’s socket (public only): the waiting room’s `queue` messages and nothing else, the newest first (docs/waiting-room.md)' }),
  ticket: z.string().min(1).max(2048).optional().openapi({ description: 'A live-channel ticket (organizer or scanner device); without one, the public projection' }),
  since: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({
      description:
        'The channel version the client holds (a public seat map’s `version`, or the last delta applied): every delta after it follows in order, or `resync` when it is outside the kept window. Without it: a public socket gets `resync` with the current version, an organizer or gate socket a snapshot.',
    }),
});

export const LiveTicketSchema = z
  .object({
    ticket: z.string(),
    expiresAt: IsoDateTime,
    url: z.string().openapi({ description: 'The channel’s path with the ticket: open it as a WebSocket on this host within 60 s' }),
  })
  .openapi('LiveTicket');

export const PublicEventSchema = EventSchema.omit({ layoutVersion: true })
  .extend({
    locale: z.enum(LOCALES).openapi({ description: "The organization's language: the storefront's default when the buyer has not chosen one" }),
    venue: z.object({ name: z.string(), addressLine1: z.string(), city: z.string(), country: z.string(), timezone: z.string() }).nullable(),
    hasSeatMap: z.boolean(),
    waitingRoom: z.boolean().openapi({ description: 'A waiting room is on: buyers join the queue (POST …/queue) and send its admission as the `Admission` header on holds, quotes and checkouts' }),
    turnstileSiteKey: z
      .string()
      .nullable()
      .openapi({ description: 'The Turnstile widget’s site key (public) for the queue’s join and for holds without a room; null: none configured (development sends Cloudflare’s dummy token)' }),
    branding: PublicBrandingSchema.openapi({ description: "The organization's logo, colours (with derived text colours) and contact details (docs/buyers.md)" }),
    ticketTypes: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.enum(TICKET_TYPE_KINDS),
        categories: z.array(z.string()),
        priceMinor: z.number().int(),
        currency: z.string(),
        minPerOrder: z.number().int(),
        maxPerOrder: z.number().int(),
        available: z.number().int().nullable().openapi({ description: 'Places left when few (≤ 10), 0 when sold out, null when plenty' }),
      }),
    ),
  })
  .openapi('PublicEvent');
