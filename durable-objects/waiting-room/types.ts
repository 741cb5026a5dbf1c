/** What the Worker pushes to a WaitingRoom object and what the room answers (durable-objects/waiting-room.ts). */

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
};

export const ROOM_STATES = ['prequeue', 'open', 'paused', 'sold_out', 'closed'] as const;
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
};

export type JoinAnswer = { ok: true; joinId: string; place: number | null; state: RoomState } | { ok: false; code: 'room_closed' | 'queue_not_open'; opensAt?: number };

export type AdmitAnswer =
  | { admitted: true; sessionId: string; expiresAt: number; maxSeats: number }
  | { admitted: false; place: number | null; cursor: RoomCursor };
