/**
 * Funnels over the buyer journey (docs/analytics.md, "Funnels"), computed from analytics_events by the funnel job
 * (src/domains/funnels/compute-snapshots.ts) and stored so dashboards never scan raw events. Days are calendar days
 * in the organization's time zone. Every table is per organization under row-level security (migrations/postgres/0007)
 * and rewritten per (event, day) by the job: delete and insert in one transaction, so a rerun gives the same rows.
 */
import { date, doublePrecision, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instant, organizationId } from './columns';

/**
 * One row per (event, local day, visitor): the visitor's dimensions that day (from their first row carrying each) and
 * the first time of each journey kind. What the funnel builder reads for any ordered steps and any range. Rows without
 * a visitor id (DNT/GPC) cannot be linked and are not here: they count in the snapshots' `events` only.
 */
export const visitorJourneys = pgTable(
  'visitor_journeys',
  {
    organizationId: organizationId(),
    eventId: text().notNull(),
    day: date({ mode: 'string' }).notNull(),
    visitorId: text().notNull(),
    /** The channel of the visitor's first row that day. */
    channel: text().notNull(),
    /** The first ticket type the visitor's rows named that day (null: none chosen). */
    ticketTypeId: text(),
    deviceClass: text(),
    referrerHost: text(),
    pageViewAt: instant(),
    seatMapOpenedAt: instant(),
    ticketSelectedAt: instant(),
    holdMadeAt: instant(),
    holdExpiredAt: instant(),
    checkoutStartedAt: instant(),
    paymentStartedAt: instant(),
    paymentFailedAt: instant(),
    orderCompletedAt: instant(),
    waitingRoomJoinedAt: instant(),
    waitingRoomAdmittedAt: instant(),
    computedAt: instant().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.eventId, t.day, t.visitorId] }), index('pg_visitor_journeys_org_day_idx').on(t.organizationId, t.day)],
);

/**
 * Per (event, local day, ticket type or '' for all, channel or '' for all, kind): distinct visitors who took the step
 * that day, the rows of that kind (DNT rows included), and the median seconds since the visitor's previous step.
 */
export const funnelSnapshots = pgTable(
  'funnel_snapshots',
  {
    organizationId: organizationId(),
    eventId: text().notNull(),
    day: date({ mode: 'string' }).notNull(),
    ticketTypeId: text().notNull(),
    channel: text().notNull(),
    kind: text().notNull(),
    visitors: integer().notNull(),
    events: integer().notNull(),
    medianSecondsFromPrevious: doublePrecision(),
    computedAt: instant().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.eventId, t.day, t.ticketTypeId, t.channel, t.kind] })],
);

/** Per (event, local day, referrer host): visitors who came from it that day, and how many of them completed an order. */
export const funnelReferrers = pgTable(
  'funnel_referrers',
  {
    organizationId: organizationId(),
    eventId: text().notNull(),
    day: date({ mode: 'string' }).notNull(),
    host: text().notNull(),
    visitors: integer().notNull(),
    orders: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.eventId, t.day, t.host] })],
);

/** The job's watermark per organization: the newest recorded_at it has seen, so late rows' days are recomputed. */
export const funnelSnapshotRuns = pgTable('funnel_snapshot_runs', {
  organizationId: organizationId().primaryKey(),
  recordedThrough: instant(),
  ranAt: instant().notNull(),
});
