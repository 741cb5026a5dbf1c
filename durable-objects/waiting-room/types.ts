/** What the Worker pushes to a WaitingRoom object and what the room answers (durable-objects/waiting-room.ts). */
import { QUEUE_STATES } from '../../src/shared/live-protocol';
import type { LateKey } from './join-shard';

/** The organizer's settings (D1 `waiting_rooms`) plus when the sale starts, as the room needs them. */
export type RoomConfig = {
  organizationId: string;
  eventId: string;
  enabled: boolean;
  /** Epoch ms; null: joins are taken whenever the room is on. */
  preQueueOpensAt: number | null;
  shuffleAtStart: boolean;
  /** Buyers per minute; null = "auto" (what the inventory can absorb). */
  ratePerMinute: number | null;
  maxActive: number;
  sessionMinutes: number;
  maxSeatsPerBuyer: number;
  /** The event's sale start, else its first ticket type's (epoch ms); null: when the room first sees the sale open. */
  saleStartsAt: number | null;
  /** The organizer's hand on admission (absent: open): paused admits nobody; closed also refuses joins. */
  admission?: AdmissionControl;
  /**
   * How long an invited buyer has to redeem its place (absent: 120 s, or half the session when that is shorter). An
   * invitation not redeemed by then frees its slot for the next in line; a redeemed one keeps the whole session.
   */
  redeemWithinSeconds?: number;
  /** Join shards (absent: 1): the pre-queue's joins spread over this many objects, gathered at the draw (join-shard.ts). */
  queueShards?: number;
};

export const ADMISSION_CONTROLS = ['open', 'paused', 'closed'] as const;
export type AdmissionControl = (typeof ADMISSION_CONTROLS)[number];

/** One list for the room, its API and the live `queue` message (src/shared/live-protocol.ts). */
export const ROOM_STATES = QUEUE_STATES;
export type RoomState = (typeof ROOM_STATES)[number];

/** The admitted-through cursor that polling reads at the edge. */
export type RoomCursor = {
  /** Every place ≤ this may redeem its ticket for an admission. */
  admittedThrough: number;
  state: RoomState;
  /** The fixed rate, or in "auto" the admissions of the last minute. */
  ratePerMinute: number;
  /** Placed joins not admitted yet. */
  waiting: number;
  updatedAt: string;
  /**
   * Once the pre-queue is drawn: its size, whether it was drawn by lottery (shuffled) or taken in join order, and the
   * lottery number of the last pre-queue place the cursor has passed (null: none yet). A pre-queue ticket carries its
   * lottery number (or its join number), so the Worker places it from this alone (src/domains/waiting-room/status.ts).
   */
  preQueue?: { size: number; byLottery: boolean; lotteryThrough: number | null };
  /** Late joins spread over join shards (join-shard.ts), placed by key at each tick: what the Worker places a late ticket from. */
  late?: LateCursor;
};

/**
 * A late ticket carries its key (joinedAt, lottery). `through`: the key of the last late place the cursor passed (a
 * ticket at or below it may redeem: exact); `marks`: key and place of late places ahead of the cursor (the
 * place shown is interpolated between them: an estimate); `placed`: places given so far; `gatheredThrough`: the
 * latest cut-off gathered (a ticket stamped after it is not placed yet); `shards`: how many objects take late joins.
 */
export type LateCursor = { shards: number; through: LateKey | null; marks: (LateKey & { place: number })[]; placed: number; gatheredThrough: number };

/** The console's figures: the cursor, and who is in, how fast, and when the sale will sell out at its current pace. */
export type RoomFigures = RoomCursor & {
  admission: AdmissionControl;
  /** Admitted shoppers whose time is not up and who have not paid (what maxActive bounds). */
  active: number;
  /** Admitted shoppers whose order is paid (no longer counted active). */
  paid: number;
  /** Places the cursor actually moved over the last minute. */
  admittedLastMinute: number;
  /** Places sold per minute, over the last minute of ticks (null: not measured yet). */
  salesPerMinute: number | null;
  /** At that pace, seconds until nothing is left to sell (null: no sales to extrapolate from). */
  soldOutEtaSeconds: number | null;
  /** Places not sold yet, as last read from the inventory (null: not read yet). */
  seatsLeft: number | null;
  /** What "auto" has learnt (tick.ts `learnt`): the share of ended sessions that paid (null until 10 ended)… */
  completionRate: number | null;
  /** …and the seats each paying shopper bought (null until 10 paid). */
  seatsPerShopper: number | null;
};

export type JoinAnswer =
  | { ok: true; joinId: string; place: number | null; seq?: number; lottery: number | null; joinedAt?: number; state: RoomState }
  | { ok: false; code: 'room_closed' | 'queue_closed' | 'queue_not_open'; opensAt?: number };

export type AdmitAnswer =
  | { admitted: true; sessionId: string; expiresAt: number; maxSeats: number; place: number }
  | { admitted: false; place: number | null; cursor: RoomCursor; invitationExpired?: boolean };
