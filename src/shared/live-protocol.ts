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
  /**
   * The distinct reasons of the delta's coalescing window, in the order they first happened (`reason` is `mixed`
   * when there are several). Optional: absent from deltas stored before it existed.
   */
  reasons: z.array(z.string()).optional(),
  seats: z.array(z.object({ id: z.string(), status: z.enum(SEAT_STATUSES) })),
  counts: LiveCounts,
  /** The event's status, only when it changed in this delta's window. */
  status: z.string().optional(),
});

export const LivePong = z.object({ type: z.literal('pong') });

/**
 * "Your since is outside the kept window (or unknown, or ahead): fetch the snapshot again and resume from it." Also
 * what a public socket opened without `since` gets first: the channel's current version.
 */
export const LiveResync = z.object({ type: z.literal('resync'), audience: z.enum(['public', 'organizer', 'gate']).optional(), version: z.number().int() });
export type LiveResync = z.infer<typeof LiveResync>;

export const LiveMessage = z.discriminatedUnion('type', [LiveSnapshot, LiveDelta, LivePong, LiveResync]);
export type LiveMessage = z.infer<typeof LiveMessage>;
export type LiveSnapshot = z.infer<typeof LiveSnapshot>;
export type LiveDelta = z.infer<typeof LiveDelta>;

// ---- the public projection (storefronts, anyone) ------------------------------------------------
//
// A buyer needs to know which seats can be picked and whether a ticket type can still be bought, nothing more:
// held, sold, checked-in and not-for-sale seats are all `unavailable` (telling them apart would publish the sales
// and check-in figures seat by seat), hidden ticket types are never named, and a type's `available` is exact only
// when few are left (≤ PUBLIC_LOW_STOCK), else null ("plenty"), so capacity and sales can't be read off it.

export const PUBLIC_SEAT_STATUSES = ['available', 'unavailable'] as const;
export type PublicSeatStatus = (typeof PUBLIC_SEAT_STATUSES)[number];

/** At or below this many places left, the public projection says how many; above it, only that there are plenty. */
export const PUBLIC_LOW_STOCK = 10;

export const PublicTicketAvailability = z.record(
  z.string(),
  z.object({ available: z.number().int().nullable().describe('Places left when at most PUBLIC_LOW_STOCK, 0 when sold out, null when plenty') }),
);
export type PublicTicketAvailability = z.infer<typeof PublicTicketAvailability>;

export const PublicLiveSnapshot = z.object({
  type: z.literal('snapshot'),
  audience: z.literal('public'),
  eventId: z.string(),
  /** The public stream's own sequence (not the inventory's version, which counts every sale and check-in). */
  version: z.number().int(),
  status: z.string(),
  /** Every seat not listed is available. */
  seats: z.object({ unavailable: z.array(z.string()) }),
  ticketTypes: PublicTicketAvailability,
});

export const PublicLiveDelta = z.object({
  type: z.literal('delta'),
  audience: z.literal('public'),
  version: z.number().int(),
  /** Only seats whose public status changed. */
  seats: z.array(z.object({ id: z.string(), status: z.enum(PUBLIC_SEAT_STATUSES) })),
  ticketTypes: PublicTicketAvailability,
  /** The event's status, only when it changed. */
  status: z.string().optional(),
});

/**
 * The event's waiting room (docs/waiting-room.md), pushed by the room itself to the public relays whenever its state
 * flips or its cursor moves: not part of the seat map's versioned stream (no `version`; the newest one wins, and a
 * missed one is made good by the next or by polling `…/queue/status`). A socket opened with `?only=queue` gets only
 * these (the newest one first), and pongs.
 */
export const QUEUE_STATES = ['prequeue', 'open', 'paused', 'sold_out', 'closed'] as const;
export const LiveQueue = z.object({
  type: z.literal('queue'),
  audience: z.literal('public'),
  state: z.enum(QUEUE_STATES),
  /** Every place at or below this may redeem its ticket. */
  admittedThrough: z.number().int(),
  /** Admissions per minute (the fixed rate, or the last minute's in "auto"): a buyer's ETA is (place − admittedThrough) / rate. */
  ratePerMinute: z.number(),
  updatedAt: z.string(),
  /** A pre-queue drawn by lottery: every ticket whose lottery number is at or below this may redeem (null: none yet). */
  lotteryThrough: z.number().nullable().optional(),
  /** Late joins spread over join shards: every ticket whose key (joinedAt, lottery) is at or below this may redeem (null: none yet). */
  lateThrough: z.object({ at: z.number(), lottery: z.number() }).nullable().optional(),
});
export type LiveQueue = z.infer<typeof LiveQueue>;

export const PublicLiveMessage = z.discriminatedUnion('type', [PublicLiveSnapshot, PublicLiveDelta, LivePong, LiveResync, LiveQueue]);
export type PublicLiveMessage = z.infer<typeof PublicLiveMessage>;
export type PublicLiveSnapshot = z.infer<typeof PublicLiveSnapshot>;
export type PublicLiveDelta = z.infer<typeof PublicLiveDelta>;

// ---- the gate projection (scanner devices of the event) ---------------------------------------------

export const GateCounts = z.object({ checkedIn: z.number().int(), inside: z.number().int(), gates: z.record(z.string(), z.number().int()) });
export type GateCounts = z.infer<typeof GateCounts>;

export const GateLiveMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), audience: z.literal('gate'), eventId: z.string(), version: z.number().int(), counts: GateCounts }),
  z.object({ type: z.literal('delta'), audience: z.literal('gate'), version: z.number().int(), counts: GateCounts }),
  LivePong,
  LiveResync,
]);
export type GateLiveMessage = z.infer<typeof GateLiveMessage>;
export type GateLiveDelta = { type: 'delta'; audience: 'gate'; version: number; counts: GateCounts };

/** Who a socket is for: `public` (no ticket), `organizer` (a ticket with events.read), `gate` (a scanner device's ticket). */
export type LiveAudience = 'public' | 'organizer' | 'gate';
export const LIVE_CHANNELS: readonly LiveAudience[] = ['public', 'organizer', 'gate'];

/** One delta on one channel, as the inventory stores it and pushes it to that channel's relays. */
export type ChannelDelta = LiveDelta | PublicLiveDelta | GateLiveDelta;
/** What `liveDeltasSince` answers: every delta after `since`, in order, or "too old / ahead: resync at `version`". */
export type DeltasSince = { deltas: ChannelDelta[] } | { resync: true; version: number };
