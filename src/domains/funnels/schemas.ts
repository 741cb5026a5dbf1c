/** Funnel shapes (docs/analytics.md, "Funnels"): the event funnel and referrers from snapshots, saved funnels and their conversion. */
import { z } from '../../platform/openapi';
import { CHANNELS, JOURNEY_KINDS } from '../analytics/schemas';
import { DEVICE_CLASSES } from '../analytics/privacy';
import { IsoDateTime, safeText } from '../shared-schemas';
import { MAX_RANGE_DAYS } from './range';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A calendar day, YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Not a calendar day');
const EventIdSchema = z.string().regex(/^evt_[0-9a-z]{26}$/, 'An event id (evt_…)');
const TicketTypeIdSchema = z.string().regex(/^tty_[0-9a-z]{1,60}$/, 'A ticket type id (tty_…)');

const range = {
  from: Day.optional().openapi({ description: `The first local day (the organization’s time zone), included; default: 29 days before \`to\`. At most ${MAX_RANGE_DAYS} days.`, example: '2026-11-01' }),
  to: Day.optional().openapi({ description: 'The last local day, included; default: today', example: '2026-11-30' }),
};

export const FunnelFreshnessSchema = z
  .object({
    source: z.literal('funnel_snapshots'),
    computedAt: z.string().nullable().openapi({ description: 'When the funnel job last recomputed this organization’s snapshots (every 15 minutes; null: not yet)' }),
    readAt: z.string(),
  })
  .openapi('FunnelFreshness');
export type FunnelFreshness = z.infer<typeof FunnelFreshnessSchema>;

const Ratio = z.number().nullable();
export const FunnelStepSchema = z
  .object({
    kind: z.enum(JOURNEY_KINDS),
    visitors: z.number().int(),
    conversionFromStart: Ratio.openapi({ description: 'visitors ÷ the first step’s visitors (null: the first step had none)' }),
    conversionFromPrevious: Ratio.openapi({ description: 'visitors ÷ the previous step’s visitors (null for the first step, or when that step had none)' }),
    medianSecondsFromPrevious: z.number().nullable().openapi({ description: 'The median seconds from the previous step to this one (null: no visitor took both)' }),
  })
  .openapi('FunnelStep');

export const EventFunnelQuerySchema = z.object({
  ...range,
  ticketTypeId: TicketTypeIdSchema.optional().openapi({ description: 'Only visitors whose first chosen ticket type (that day) was this one' }),
  channel: z.enum(CHANNELS).optional().openapi({ description: 'Only this sales channel' }),
});

export const EventFunnelSchema = z
  .object({
    eventId: z.string(),
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    steps: z.array(
      FunnelStepSchema.extend({
        events: z.number().int().openapi({ description: 'Rows of this kind, visitors without an id (DNT/GPC) included' }),
      }),
    ).openapi({ description: 'The canonical funnel: page_view → seat_map_opened → ticket_selected → hold_made → checkout_started → payment_started → order_completed. Visitors are summed over the days (visitor-days); a skipped step (general admission has no seat map) can make a conversion exceed 1.' }),
    sideSteps: z.array(z.object({ kind: z.enum(JOURNEY_KINDS), visitors: z.number().int(), events: z.number().int(), medianSecondsFromPrevious: z.number().nullable() })).openapi({
      description: 'Counted beside the funnel: hold_expired (timed from hold_made), payment_failed (from payment_started), waiting_room_joined, waiting_room_admitted',
    }),
    days: z.array(z.object({ day: z.string(), steps: z.array(z.object({ kind: z.enum(JOURNEY_KINDS), visitors: z.number().int() })) })),
    freshness: FunnelFreshnessSchema,
  })
  .openapi('EventFunnel');
export type EventFunnel = z.infer<typeof EventFunnelSchema>;

export const ReferrersQuerySchema = z.object({
  ...range,
  limit: z.coerce.number().int().min(1).max(50).default(10).openapi({ description: 'How many hosts (1–50), most visitors first' }),
});

export const ReferrersSchema = z
  .object({
    eventId: z.string(),
    from: z.string(),
    to: z.string(),
    referrers: z.array(z.object({ host: z.string(), visitors: z.number().int().openapi({ description: 'Visitor-days that came from this host' }), orders: z.number().int().openapi({ description: 'Of them, those who completed an order that day' }) })),
    freshness: FunnelFreshnessSchema,
  })
  .openapi('EventReferrers');

const FiltersSchema = z
  .object({
    channel: z.enum(CHANNELS).optional(),
    ticketTypeId: TicketTypeIdSchema.optional(),
    deviceClass: z.enum(DEVICE_CLASSES).optional(),
  })
  .strict();

const StepsSchema = z
  .array(z.enum(JOURNEY_KINDS))
  .min(2)
  .max(8)
  .refine((s) => new Set(s).size === s.length, 'A step appears at most once')
  .openapi({ description: 'The journey kinds in order, 2–8 of them, none twice' });

const FunnelName = safeText(z.string().trim().min(1, 'Required').max(120));

export const CreateFunnelSchema = z
  .object({
    name: FunnelName,
    eventId: EventIdSchema.nullable().optional().openapi({ description: 'One event of the organization (omit or null: every event)' }),
    steps: StepsSchema,
    filters: FiltersSchema.default({}).openapi({ description: 'Only visitors of this channel, first chosen ticket type and device class' }),
  })
  .strict()
  .openapi('CreateFunnel', { example: { name: 'Seat map to order', eventId: 'evt_01jx0000000000000000000000', steps: ['seat_map_opened', 'hold_made', 'order_completed'], filters: { channel: 'storefront' } } });
export type CreateFunnel = z.infer<typeof CreateFunnelSchema>;

export const UpdateFunnelSchema = z
  .object({ name: FunnelName.optional(), eventId: EventIdSchema.nullable().optional(), steps: StepsSchema.optional(), filters: FiltersSchema.optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Change at least one field')
  .openapi('UpdateFunnel', { example: { name: 'Seat map to order (mobile)', filters: { channel: 'storefront', deviceClass: 'mobile' } } });
export type UpdateFunnel = z.infer<typeof UpdateFunnelSchema>;

export const FunnelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    eventId: z.string().nullable(),
    steps: z.array(z.enum(JOURNEY_KINDS)),
    filters: z.object({ channel: z.enum(CHANNELS).optional(), ticketTypeId: z.string().optional(), deviceClass: z.enum(DEVICE_CLASSES).optional() }),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('Funnel');
export type Funnel = z.infer<typeof FunnelSchema>;

export const ConversionQuerySchema = z.object({
  ...range,
  eventId: EventIdSchema.optional().openapi({ description: 'Only this event (a funnel saved for one event reads that event whatever is given here)' }),
});

export const FunnelConversionSchema = z
  .object({
    funnelId: z.string(),
    eventId: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    steps: z.array(FunnelStepSchema).openapi({ description: 'Visitors (with an id) who took the steps in order within the range, per event' }),
    freshness: FunnelFreshnessSchema,
  })
  .openapi('FunnelConversion');

export const SnapshotRefreshSchema = z
  .object({
    days: z.number().int().openapi({ description: 'How many local days were recomputed (today, yesterday and any day that received late rows)' }),
    journeys: z.number().int().openapi({ description: 'Visitor-day rows written (visitor_journeys)' }),
    snapshots: z.number().int().openapi({ description: 'Funnel snapshot rows written (funnel_snapshots)' }),
    computedAt: IsoDateTime.openapi({ description: 'When this run computed them (the freshness the funnel reads now show)' }),
  })
  .openapi('SnapshotRefresh');
export type SnapshotRefresh = z.infer<typeof SnapshotRefreshSchema>;
