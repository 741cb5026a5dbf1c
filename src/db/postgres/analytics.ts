/**
 * The buyer journey (docs/analytics.md): one row per analytics event — a storefront's page view, seat-map opening or
 * ticket choice, or a step the server recorded (hold, checkout, payment, order, waiting room). Written only by the
 * analytics queue's consumer (insert … on conflict do nothing), never updated. Partitioned by month on occurred_at
 * (hand-written PARTITION BY in migrations/postgres/0006), so it is keyed by (id, occurred_at): the event's own id
 * (client-made, or the server's) and its time — a redelivered message carries both unchanged and inserts nothing.
 *
 * Deliberately absent: names, emails, order access tokens, user agents, full IP addresses (only the /24 or /48
 * network), full referrer URLs (only the host). A request with DNT or GPC stores no visitor id, network, referrer or UTM.
 */
import { index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { id, instant, organizationId } from './columns';

export const analyticsEvents = pgTable(
  'analytics_events',
  {
    /** The event's id: client-made (UUID/ULID) or the server's. */
    id: id(),
    organizationId: organizationId(),
    /** When it happened (the client's clock within the last day, else the time it arrived). */
    occurredAt: instant().notNull(),
    /** The ticketing event (evt_…), not the analytics event. */
    eventId: text().notNull(),
    /** page_view, seat_map_opened, ticket_selected, hold_made, … (JOURNEY_KINDS). */
    kind: text().notNull(),
    /** `client` (the storefront said so) or `server` (the platform knows it happened). */
    source: text().notNull(),
    ticketTypeId: text(),
    channel: text().notNull(),
    referrerHost: text(),
    utmSource: text(),
    utmMedium: text(),
    utmCampaign: text(),
    /** mobile / tablet / desktop, from the User-Agent (which is not kept). */
    deviceClass: text(),
    locale: text(),
    /** The storefront's random first-party id; null when unknown or the request opted out (DNT/GPC). */
    visitorId: text(),
    /** The client's network only: IPv4 /24 or IPv6 /48 (`203.0.113.0/24`); null when opted out. */
    ipNetwork: text(),
    /** When the row reached Postgres. */
    recordedAt: instant().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.occurredAt] }),
    index('pg_analytics_events_org_event_idx').on(t.organizationId, t.eventId, t.occurredAt),
    index('pg_analytics_events_org_kind_idx').on(t.organizationId, t.kind, t.occurredAt),
    // The funnel job's look for late rows (recorded since its last run; migration 0007).
    index('pg_analytics_events_org_recorded_idx').on(t.organizationId, t.recordedAt),
  ],
);
