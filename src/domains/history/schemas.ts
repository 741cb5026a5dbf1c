/** The event's history over time, read from Postgres (docs/postgres.md, "History"): queries and answers. */
import { z } from '../../platform/openapi';
import { FreshnessSchema } from '../reports/freshness';
import { SALES_BUCKETS } from '../reports/sales';
import { TimezoneSchema } from '../shared-schemas';

const instant = (description: string) => z.iso.datetime({ offset: true }).optional().openapi({ description });

/** The longest ranges a client may ask for: an hour bucket over 92 days is 2,208 buckets, a minute over 48 h 2,880. */
export const MAX_HOURLY_RANGE_MS = 92 * 86_400_000;
export const MAX_OCCUPANCY_RANGE_MS = 92 * 86_400_000;
export const MAX_SCAN_RANGE_MS = 48 * 3_600_000;
/** Occupancy points in one answer at most (15-minute ticks: about 104 days); the newest are kept. */
export const MAX_OCCUPANCY_POINTS = 10_000;

export const SalesHistoryQuerySchema = z.object({
  bucket: z.enum(SALES_BUCKETS).default('day').openapi({ description: 'One bucket per hour or per calendar day in `timezone`' }),
  from: instant('Orders paid at or after this time (open: from the first sale)'),
  to: instant('Orders paid before this time (open: up to now); with `bucket=hour` at most 92 days after `from`'),
  timezone: TimezoneSchema.optional().openapi({ description: 'The time zone the hours and days are cut in (default: the organization’s)' }),
});

export const SalesHistorySchema = z
  .object({
    eventId: z.string(),
    bucket: z.enum(SALES_BUCKETS),
    timeZone: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    buckets: z
      .array(
        z.object({
          start: z.string().openapi({ description: 'The bucket’s first instant (UTC)' }),
          key: z.string().openapi({ description: 'The bucket in the time zone: YYYY-MM-DD, or YYYY-MM-DDTHH:00 for an hour' }),
          currency: z.string(),
          orders: z.number().int(),
          tickets: z.number().int(),
          grossMinor: z.number().int(),
          refundedMinor: z.number().int(),
          netMinor: z.number().int(),
        }),
      )
      .openapi({ description: 'Buckets with sales only, oldest first; one row per bucket and currency' }),
    freshness: FreshnessSchema,
  })
  .openapi('SalesHistory');

export const OccupancyHistoryQuerySchema = z.object({
  from: instant('Snapshots taken at or after this time'),
  to: instant('Snapshots taken before this time; at most 92 days after `from`'),
});

export const OccupancyHistorySchema = z
  .object({
    eventId: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    snapshots: z.array(
      z.object({
        takenAt: z.string(),
        capacity: z.number().int(),
        sold: z.number().int(),
        held: z.number().int(),
        available: z.number().int().openapi({ description: 'capacity − sold − held (never below 0)' }),
        checkedIn: z.number().int(),
      }),
    ),
    truncated: z.boolean().openapi({ description: `More snapshots matched than the ${MAX_OCCUPANCY_POINTS.toLocaleString('en')} returned (the newest); narrow the range` }),
    freshness: FreshnessSchema,
  })
  .openapi('OccupancyHistory');

export const SCAN_BUCKETS = ['minute'] as const;

export const ScanHistoryQuerySchema = z.object({
  bucket: z.enum(SCAN_BUCKETS).default('minute').openapi({ description: 'Scans per minute (by the device’s scan time)' }),
  from: instant('Scans made at or after this time (open: two hours before the doors, or the start)'),
  to: instant('Scans made before this time; at most 48 hours after `from` (open: 48 hours after `from`, or two hours after the end)'),
});

export const ScanHistorySchema = z
  .object({
    eventId: z.string(),
    bucket: z.enum(SCAN_BUCKETS),
    from: z.string(),
    to: z.string(),
    minutes: z
      .array(
        z.object({
          minute: z.string().openapi({ description: 'The minute’s first instant (UTC)' }),
          admitted: z.number().int().openapi({ description: 'Valid entry scans' }),
          refused: z.number().int().openapi({ description: 'Scans refused (duplicate, invalid, wrong gate, cancelled …)' }),
          exits: z.number().int().openapi({ description: 'Exit scans let out' }),
        }),
      )
      .openapi({ description: 'Minutes with scans only, oldest first' }),
    totals: z.object({ admitted: z.number().int(), refused: z.number().int(), exits: z.number().int() }),
    freshness: FreshnessSchema,
  })
  .openapi('ScanHistory');
