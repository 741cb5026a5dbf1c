/** Venues, their gates (entry points) and reusable seating layouts (sections stored one row each). */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant, organizationId, updatedAt } from './columns';
import { organizations } from './tenancy';

export const venues = sqliteTable(
  'venues',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    name: text().notNull(),
    addressLine1: text().notNull(),
    addressLine2: text(),
    city: text().notNull(),
    region: text(),
    postalCode: text(),
    /** ISO 3166-1 alpha-2. */
    country: text().notNull(),
    timezone: text().notNull(),
    capacity: integer().notNull(),
    archivedAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('venues_org_idx').on(t.organizationId, t.id)],
);

export const gates = sqliteTable(
  'gates',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    venueId: text()
      .notNull()
      .references(() => venues.id),
    name: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('gates_org_venue_idx').on(t.organizationId, t.venueId), uniqueIndex('gates_venue_name_uq').on(t.venueId, t.name)],
);

export const layouts = sqliteTable(
  'layouts',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    venueId: text()
      .notNull()
      .references(() => venues.id),
    name: text().notNull(),
    /** Bumped on every change, so an event records which version it snapshotted. */
    version: integer().notNull(),
    /** Where "best" seats face: the stage or pitch centre, in layout coordinates. */
    focalX: integer().notNull(),
    focalY: integer().notNull(),
    /** Seat categories (price zones): [{ key, name, color }]. */
    categories: text({ mode: 'json' }).$type<{ key: string; name: string; color: string }[]>().notNull(),
    /** General-admission areas: [{ key, name, capacity }]. */
    gaAreas: text({ mode: 'json' }).$type<{ key: string; name: string; capacity: number }[]>().notNull(),
    seatCount: integer().notNull(),
    gaCapacity: integer().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('layouts_org_venue_idx').on(t.organizationId, t.venueId)],
);

/**
 * One row per section, holding its rows and seats as JSON: a 50,000-seat stadium stays far below
 * D1's 2 MB row limit (sections are capped at 10,000 seats) without 50,000 rows to write.
 */
export const layoutSections = sqliteTable(
  'layout_sections',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    layoutId: text()
      .notNull()
      .references(() => layouts.id),
    key: text().notNull(),
    position: integer().notNull(),
    /** The section as imported/exported: { key, name, rows: [{ label, seats: [{ label, x, y, category, ... }] }] }. */
    definition: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    seatCount: integer().notNull(),
  },
  (t) => [index('layout_sections_org_layout_idx').on(t.organizationId, t.layoutId), uniqueIndex('layout_sections_layout_key_uq').on(t.layoutId, t.key)],
);
