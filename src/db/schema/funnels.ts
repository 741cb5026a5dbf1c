/**
 * Saved funnels (issue #16 item 3): an organization's named funnel — ordered journey kinds (2–8, no repeats), an
 * optional event, and optional filters by channel, ticket type and device class. Its conversion is read from
 * Postgres' visitor_journeys for any date range (src/domains/funnels/funnel-conversion.ts); nothing is stored per run.
 */
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { events } from './events';
import { organizations } from './tenancy';
import { createdAt, id, organizationId, updatedAt } from './columns';

export type FunnelFilters = { channel?: string; ticketTypeId?: string; deviceClass?: string };

export const funnels = sqliteTable(
  'funnels',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    name: text().notNull(),
    /** Null: every event of the organization. */
    eventId: text().references(() => events.id),
    /** The ordered journey kinds (JOURNEY_KINDS), 2–8 of them, none twice. */
    steps: text({ mode: 'json' }).$type<string[]>().notNull(),
    filters: text({ mode: 'json' }).$type<FunnelFilters>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('funnels_org_idx').on(t.organizationId, t.id)],
);
