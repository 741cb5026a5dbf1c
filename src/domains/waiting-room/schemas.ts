/** Waiting-room shapes: the organizer's settings, and the buyer's queue ticket, status and admission. */
import { z } from '../../platform/openapi';
import { IsoDateTime } from '../shared-schemas';
import { ADMISSION_CONTROLS, ROOM_STATES } from '../../../durable-objects/waiting-room/types';

const Instant = z.iso.datetime({ offset: true }).openapi({ example: '2027-03-14T08:00:00Z' });

export const WaitingRoomSchema = z
  .object({
    eventId: z.string(),
    enabled: z.boolean(),
    preQueueOpensAt: IsoDateTime.nullable(),
    shuffleAtStart: z.boolean(),
    ratePerMinute: z.number().int().nullable().openapi({ description: 'Buyers admitted per minute; null = "auto" (what the inventory can absorb)' }),
    maxActive: z.number().int(),
    sessionMinutes: z.number().int(),
    redeemWithinSeconds: z.number().int().nullable().openapi({ description: 'Seconds an invited buyer has to redeem its place before the slot goes to the next in line; null: 120 s, or half a session shorter than 4 minutes' }),
    maxSeatsPerBuyer: z.number().int(),
    queueShards: z.number().int().openapi({ description: 'The queue’s joins spread over this many objects (1: the room takes every join)' }),
    admission: z.enum(ADMISSION_CONTROLS).openapi({ description: 'The organizer’s hand on admission: `open`, `paused` (nobody admitted) or `closed` (nobody admitted, no joins); PATCH changes it' }),
    updatedAt: IsoDateTime.nullable(),
    live: z
      .object({
        admittedThrough: z.number().int(),
        state: z.enum(ROOM_STATES),
        ratePerMinute: z.number().int(),
        waiting: z.number().int(),
        updatedAt: IsoDateTime,
        active: z.number().int().optional().openapi({ description: 'Admitted shoppers whose time is not up and who have not paid (what maxActive bounds)' }),
        paid: z.number().int().optional().openapi({ description: 'Admitted shoppers whose order is paid' }),
        admittedLastMinute: z.number().int().optional().openapi({ description: 'Places admitted over the last minute (the actual rate)' }),
        salesPerMinute: z.number().nullable().optional().openapi({ description: 'Places sold per minute over the last minute; null until measured' }),
        soldOutEtaSeconds: z.number().int().nullable().optional().openapi({ description: 'At that pace, seconds until nothing is left (0: sold out; null: no sales to go by)' }),
        seatsLeft: z.number().int().nullable().optional().openapi({ description: 'Places not sold yet, as the room last read them' }),
        completionRate: z.number().nullable().optional().openapi({ description: 'What "auto" learnt: the share (0–1) of admitted sessions that ended which paid; null until 10 ended' }),
        seatsPerShopper: z.number().nullable().optional().openapi({ description: 'What "auto" learnt: seats bought per paying shopper; null until 10 paid' }),
      })
      .nullable()
      .optional()
      .openapi({ description: 'The room right now (on GET, once settings were saved): the admitted-through cursor, its state, the rate, how many wait and shop, and the sale’s pace' }),
  })
  .openapi('WaitingRoom');
export type WaitingRoomOut = z.infer<typeof WaitingRoomSchema>;

export const PutWaitingRoomSchema = z
  .object({
    enabled: z.boolean(),
    preQueueOpensAt: Instant.nullable().optional().openapi({ description: 'From when buyers may join before the sale starts; null: whenever the room is on' }),
    shuffleAtStart: z.boolean().optional().openapi({ description: 'Draw the pre-queue’s order at random at sale start (default true)' }),
    ratePerMinute: z.number().int().min(1).max(100_000).nullable().optional().openapi({ description: 'Buyers per minute; null or absent = "auto"' }),
    maxActive: z.number().int().min(1).max(100_000).optional().openapi({ description: 'At most this many admitted shoppers at once (default 500)' }),
    sessionMinutes: z.number().int().min(2).max(120).optional().openapi({ description: 'How long an admission lasts (default 10)' }),
    redeemWithinSeconds: z
      .number()
      .int()
      .min(30)
      .max(3_600)
      .nullable()
      .optional()
      .openapi({ description: 'Seconds an invited buyer has to redeem its place (30–3,600, never longer than the session); not redeemed by then, the slot goes to the next in line and a late redemption answers 409 invitation_expired. Null or absent: 120 s, or half a session shorter than 4 minutes' }),
    maxSeatsPerBuyer: z.number().int().min(1).max(50).optional().openapi({ description: 'Seats an admitted buyer may hold at once (default 6)' }),
    queueShards: z
      .number()
      .int()
      .min(1)
      .max(16)
      .optional()
      .openapi({ description: 'For huge crowds: spread the queue’s joins over this many objects (default 1; about one per thousand joins a second expected) — the pre-queue’s until the draw, then the late joins (first come, first served to the millisecond; ties by lottery). Drawn by lottery only: with shuffleAtStart false every join goes to the room.' }),
  })
  .strict()
  .openapi('PutWaitingRoom', { example: { enabled: true, shuffleAtStart: true, ratePerMinute: null, maxActive: 500, sessionMinutes: 10, maxSeatsPerBuyer: 6 } });
export type PutWaitingRoom = z.infer<typeof PutWaitingRoomSchema>;

export const PatchWaitingRoomSchema = z
  .object({
    admission: z.enum(ADMISSION_CONTROLS).optional().openapi({ description: '`paused`: admit nobody for now; `closed`: admit nobody and take no joins; `open`: resume' }),
    ratePerMinute: z.number().int().min(1).max(100_000).nullable().optional().openapi({ description: 'Buyers per minute; null = "auto"' }),
    maxActive: z.number().int().min(1).max(100_000).optional().openapi({ description: 'At most this many admitted shoppers at once' }),
  })
  .strict()
  .refine((v) => v.admission !== undefined || v.ratePerMinute !== undefined || v.maxActive !== undefined, { message: 'Send at least one of admission, ratePerMinute, maxActive' })
  .openapi('PatchWaitingRoom', { example: { admission: 'paused' } });
export type PatchWaitingRoom = z.infer<typeof PatchWaitingRoomSchema>;

const RoomState = z.enum(ROOM_STATES);

export const JoinQueueSchema = z
  .object({ turnstileToken: z.string().max(4096).optional().openapi({ description: 'The Turnstile widget’s token (required wherever TURNSTILE_SECRET is set)' }) })
  .strict()
  .openapi('JoinQueue', { example: {} });

export const QueueTicketSchema = z
  .object({
    ticket: z.string().openapi({ description: 'Send as `Authorization: Bearer <ticket>` (or `?ticket=`) to the status and admit routes' }),
    place: z.number().int().nullable().openapi({ description: 'Your place; null in the pre-queue until the sale starts and the order is drawn' }),
    state: RoomState,
  })
  .openapi('QueueTicket');

export const QueueStatusSchema = z
  .object({
    place: z.number().int().nullable(),
    admittedThrough: z.number().int(),
    ahead: z.number().int().nullable(),
    etaSeconds: z.number().int().nullable(),
    state: RoomState,
    ticket: z.string().optional().openapi({ description: 'A new ticket carrying your place (once, after the pre-queue is drawn): use it from now on' }),
    estimated: z.boolean().optional().openapi({ description: 'The place is an estimate (a pre-queue drawn by lottery, or a join spread over join shards); whether it has been passed is exact' }),
    lottery: z.number().optional().openapi({ description: 'Your lottery number: for a pre-queue ticket, the live `queue` message’s `lotteryThrough` at or above it means your turn has come' }),
    joinedAt: z.number().int().optional().openapi({ description: 'A join spread over join shards: when you joined (ms). Your key is (joinedAt, lottery): the live `queue` message’s `lateThrough` at or above it means your turn has come' }),
  })
  .openapi('QueueStatus');

export const QueueTicketQuery = z.object({ ticket: z.string().max(4096).optional().openapi({ description: 'The queue ticket, when no Authorization header can be sent' }) });

export const AdmissionSchema = z
  .object({
    admission: z.string().openapi({ description: 'Send as the `Admission` header on holds, quotes and checkouts of this event' }),
    expiresAt: IsoDateTime,
    maxSeats: z.number().int(),
    place: z.number().int().optional().openapi({ description: 'Your place in the queue' }),
  })
  .openapi('Admission');
