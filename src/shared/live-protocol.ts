/** The live seat-map channel's messages (server → client), one zod union shared by the Worker, the DO and the web apps. */
import { z } from 'zod';

export const SEAT_STATUSES = ['available', 'held', 'sold', 'checked_in', 'blocked'] as const;
export type SeatStatus = (typeof SEAT_STATUSES)[number];

const Usage = z.object({ capacity: z.number().int().nullable(), held: z.number().int(), sold: z.number().int(), available: z.number().int().nullable() });

export const LiveCounts = z.object({
  /** Seats plus GA capacity: what can ever be sold. */
  capacity: z.number().int(),
  held: z.number().int(),
  sold: z.number().int(),
  checkedIn: z.number().int(),
  /** Checked in and not scanned out (equals checkedIn unless the event allows exit and re-entry). */
  inside: z.number().int(),
  /** Check-ins per gate (`unassigned` when a scan named none). */
  gates: z.record(z.string(), z.number().int()),
  /** Check-ins per minute over the last 30 minutes, oldest first. */
  checkInsPerMinute: z.array(z.object({ minute: z.string(), count: z.number().int() })),
  ticketTypes: z.record(z.string(), Usage),
  areas: z.record(z.string(), Usage),
});
export type LiveCounts = z.infer<typeof LiveCounts>;

export const LiveSnapshot = z.object({
  type: z.literal('snapshot'),
  eventId: z.string(),
  version: z.number().int(),
  status: z.string(),
  /** Seat ids by status; every seat not listed is available. */
  seats: z.object({ held: z.array(z.string()), sold: z.array(z.string()), checked_in: z.array(z.string()), blocked: z.array(z.string()) }),
  counts: LiveCounts,
});

export const LiveDelta = z.object({
  type: z.literal('delta'),
  version: z.number().int(),
  /** What happened, for dashboards: held, released, expired, sold, cancelled, checked_in, status. */
  reason: z.string(),
  seats: z.array(z.object({ id: z.string(), status: z.enum(SEAT_STATUSES) })),
  counts: LiveCounts,
});

export const LivePong = z.object({ type: z.literal('pong') });

export const LiveMessage = z.discriminatedUnion('type', [LiveSnapshot, LiveDelta, LivePong]);
export type LiveMessage = z.infer<typeof LiveMessage>;
export type LiveSnapshot = z.infer<typeof LiveSnapshot>;
export type LiveDelta = z.infer<typeof LiveDelta>;
