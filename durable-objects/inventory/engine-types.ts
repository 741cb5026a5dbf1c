/** The engine's shapes and its refusal helper, shared by engine.ts and its verbs (holds.ts, sales.ts, views.ts). */
import type { SeatStatus } from '../../src/shared/live-protocol';
import type { GaAreaSpec, SeatSpec, SelectableSeat, TicketTypeSpec } from './types';

export type InventoryStatus = 'draft' | 'published' | 'on_sale' | 'sales_closed' | 'completed' | 'cancelled';

export type InventoryConfig = {
  eventId: string;
  organizationId: string;
  status: InventoryStatus;
  holdTtlMs: number;
  /** Scanning out and back in is allowed (issue 5's exit/re-entry). */
  reentryAllowed?: boolean;
  saleStartsAt: number | null;
  saleEndsAt: number | null;
  ticketTypes: TicketTypeSpec[];
};

export type HydrateInput = InventoryConfig & {
  layoutVersion: number | null;
  seats: SeatSpec[];
  gaAreas: GaAreaSpec[];
  focal: { x: number; y: number };
  categories: { key: string; name: string; color: string }[];
  /**
   * This object is one shard of a sharded event (docs/waiting-room.md, "Section shards"): its index and the count, the
   * first capacity leases of every shard (by shard, by ticket type; the coordinator, shard 0, records them all) and,
   * for the coordinator, the event's shard plan as the Worker routes by it.
   */
  shard?: { index: number; count: number; leases: Record<number, Record<string, number>>; plan?: ShardPlan };
};

/** How a sharded event's sections are spread over its shards (src/domains/events/shards/plan.ts decides it at publish). */
export type ShardPlan = { count: number; sections: Record<string, number>; order: number[] };

export type HoldRequest = {
  holdId: string;
  ticketTypeId: string;
  /** Exactly these seats (seated types). */
  seatIds?: string[];
  /** A GA quantity. */
  quantity?: number;
  /** N adjacent seats chosen for the buyer (seated types). */
  bestAvailable?: { quantity: number; category?: string; accessible?: boolean };
  /**
   * Hidden ticket types the buyer's access code unlocks ('*': every hidden type); the Worker checks the code. Not
   * part of the idempotency fingerprint: a retry with the same hold id answers the same hold either way.
   */
  unlocked?: string[];
  /**
   * The buyer's waiting-room admission (the Worker verified its token): the seats this session holds or bought may
   * not exceed `maxSeats`. Not part of the idempotency fingerprint.
   */
  session?: { id: string; maxSeats: number };
};

export type HoldStatus = 'active' | 'confirmed' | 'released' | 'expired';

export type HoldView = {
  id: string;
  ticketTypeId: string;
  status: HoldStatus;
  seats: string[];
  quantity: number;
  area: string | null;
  expiresAt: number;
  extended: boolean;
  orderId: string | null;
};

/** `short`: how many a shard's lease lacks, `lease` of what (a ticket type id or `session:<id>`; code lease_exhausted; leases.ts). */
export type Failure = { ok: false; code: string; message: string; seats?: string[]; short?: number; lease?: string };
export type Result<T> = { ok: true; value: T } | Failure;

export type SeatChange = { id: string; status: SeatStatus };
export type Change = { reason: string; seats: SeatChange[] };

export type SeatState = SeatSpec & { status: 'available' | 'held' | 'sold'; holdId: string | null; orderId: string | null; ticketTypeId: string | null; checkedIn: boolean; selectable: SelectableSeat };
export type HoldRow = HoldView & { fingerprint: string; createdAt: number };
export type Usage = { held: number; sold: number };

export const fail = (code: string, message: string, seats?: string[]): Failure => ({ ok: false, code, message, ...(seats ? { seats } : {}) });

/** A hold may be extended once, by at most this much beyond its current expiry, and never past creation + this cap. */
export const MAX_HOLD_LIFETIME_FACTOR = 2;
