/** Waiting rooms (issue #14, docs/waiting-room.md): one row of settings per event; the queue itself lives in the event's WaitingRoom object. */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant, organizationId, updatedAt } from './columns';
import { organizations } from './tenancy';
import { events } from './events';

export const waitingRooms = sqliteTable(
  'waiting_rooms',
  {
    eventId: text()
      .primaryKey()
      .references(() => events.id),
    organizationId: organizationId().references(() => organizations.id),
    /** While on, public holds, quotes and checkouts of the event need an admission token. */
    enabled: integer({ mode: 'boolean' }).notNull(),
    /** From when buyers may join before the sale starts (the pre-queue); null: any time the room is on. */
    preQueueOpensAt: instant(),
    /** Draw the pre-queue's order at random at sale start (else first come, first served). */
    shuffleAtStart: integer({ mode: 'boolean' }).notNull(),
    /** Buyers admitted per minute; null = "auto" (as fast as the inventory can absorb). */
    ratePerMinute: integer(),
    /** At most this many admitted shoppers whose sessions have not expired. */
    maxActive: integer().notNull(),
    sessionMinutes: integer().notNull(),
    /** Seconds an invited buyer has to redeem its place before the slot goes to the next in line; null: 120 s, or half a shorter session. */
    redeemWithinSeconds: integer(),
    maxSeatsPerBuyer: integer().notNull(),
    /** The organizer's hand on admission: open, paused (nobody admitted) or closed (nobody admitted, no joins). */
    admission: text({ enum: ['open', 'paused', 'closed'] }).notNull().default('open'),
    /** Join shards: the pre-queue's joins spread over this many objects (1: the room takes every join itself). */
    queueShards: integer().notNull().default(1),
    updatedAt: updatedAt(),
  },
  (t) => [index('waiting_rooms_org_idx').on(t.organizationId, t.eventId)],
);
