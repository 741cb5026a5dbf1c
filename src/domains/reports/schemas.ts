/** The reports read from Postgres (docs/postgres.md, "Reports"): their queries and answers, each with its freshness. */
import { z } from '../../platform/openapi';
import { EventSettlementSchema } from '../ledger/schemas';
import { TimezoneSchema } from '../shared-schemas';
import { FreshnessSchema } from './freshness';
import { SALES_GROUPS } from './sales';

export const SettlementReportSchema = EventSettlementSchema.extend({ freshness: FreshnessSchema }).openapi('SettlementReport');

export const SalesQuerySchema = z.object({
  groupBy: z.enum(SALES_GROUPS).default('day').openapi({ description: 'One row per calendar day (in `timezone`), per ticket type, or per sales channel; each per currency' }),
  eventId: z.string().regex(/^evt_[0-9a-z]{26}$/).optional().openapi({ description: 'Only this event’s orders' }),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Orders paid at or after this time' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Orders paid before this time' }),
  timezone: TimezoneSchema.optional().openapi({ description: 'The time zone of the days (default: the event’s, else the organization’s)' }),
});

export const SalesReportSchema = z
  .object({
    groupBy: z.enum(SALES_GROUPS),
    eventId: z.string().nullable(),
    timezone: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    rows: z.array(
      z.object({
        key: z.string().openapi({ description: 'The day (YYYY-MM-DD), the ticket type id, or the channel' }),
        label: z.string().openapi({ description: 'The day, the ticket type’s name, or the channel, for people' }),
        currency: z.string(),
        orders: z.number().int(),
        tickets: z.number().int(),
        grossMinor: z.number().int(),
        refundedMinor: z.number().int(),
        netMinor: z.number().int(),
      }),
    ),
    freshness: FreshnessSchema,
  })
  .openapi('SalesReport');
