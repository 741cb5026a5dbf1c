/** Shapes of the scanning routes: online scans, offline uploads, the scanner manifest, and the organizer's view of scans. */
import { SCAN_RESULTS } from '../../db/schema/scanning';
import { z } from '../../platform/openapi';
import { IsoDateTime, safeText } from '../shared-schemas';
import { MAX_TICKET_TOKEN_LENGTH } from '../tickets/token';

const EVENT_EXAMPLE = 'evt_01jx0000000000000000000000';
const SESSION_EXAMPLE = 'scs_01jx0000000000000000000000';
const TOKEN_EXAMPLE =
  'VG1.AQEBa5ZsKGuXaUgAAGiGD3cXDzLFLR9gTXwLNgAAAGiCWAs61e63kR7Q-OdZ6IAAAGiCWCwThvJAsTSPNFE1BYAGQToxMjo3.S9DEZXGfIXga62EYVWBa7EwK6mWMKYlqMKWKa_vQzAusoCVORYx4jfDlSU6VMx3Za47b4903zvhx5Q_yU3NRAg';
/** The most scans one offline upload carries. */
export const MAX_SCANS_PER_UPLOAD = 500;
/** A device clock may run a little fast; a scan further in the future than this is refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/**
 * A device clock may also run a little slow: an offline scan may carry a time up to this much before its
 * session started (or, without a session, before the device was registered), never more. This bounds how
 * far a scan can be backdated, so "the earliest scan wins" cannot be won by lying about the time.
 */
export const MAX_CLOCK_LAG_MS = 2 * 60_000;
/** Why an offline scan was refused on its own (the rest of the upload still counts); a refused scan records nothing. */
export const SCAN_REFUSALS = ['in_future', 'before_session_start', 'before_device_registered'] as const;
export type ScanRefusal = (typeof SCAN_REFUSALS)[number];

const EventId = z.string().trim().min(1, 'Required').max(64).openapi({ example: EVENT_EXAMPLE });
const Nonce = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use 1–64 letters, digits, - or _')
  .openapi({ description: 'Unique per device: the same nonce again is the same scan (a retry or a re-upload)', example: 'b7Qx2-0001' });
// Anything a camera reads goes through: a token that is not ours is answered invalid_token, not refused as input.
const Token = z.string().min(1, 'Required').max(MAX_TICKET_TOKEN_LENGTH * 2).openapi({ description: 'The QR code as read (docs/tickets.md)', example: TOKEN_EXAMPLE });
const Direction = z.enum(['in', 'out']).default('in').openapi({ description: '`out` when someone leaves (events with re-entry only)' });
const SessionId = z.string().trim().min(1).max(64).openapi({ example: SESSION_EXAMPLE });

export const ScanRequestSchema = z
  .object({
    eventId: EventId,
    token: Token,
    nonce: Nonce,
    direction: Direction,
    sessionId: SessionId.optional().openapi({ description: "An open scan session of this device: its gate is the scan's gate" }),
  })
  .strict()
  .openapi('ScanRequest', { example: { eventId: EVENT_EXAMPLE, token: TOKEN_EXAMPLE, nonce: 'b7Qx2-0001', direction: 'in', sessionId: SESSION_EXAMPLE } });
export type ScanRequest = z.infer<typeof ScanRequestSchema>;

const OfflineScan = z
  .object({
    nonce: Nonce,
    token: Token,
    scannedAt: z.string().datetime({ offset: true, message: 'Use an ISO 8601 time' }).openapi({ example: '2026-11-23T18:04:05.000Z' }),
    direction: Direction,
    sessionId: SessionId.optional().openapi({ description: "The scan session the device was in (ended ones too): its gate is the scan's gate" }),
    shown: z
      .enum(SCAN_RESULTS)
      .optional()
      .openapi({
        description:
          'What the gate showed when it decided offline. A scan shown `valid` that the server finds a `duplicate` is recorded as a double admission (someone was let in on a ticket already used), counted per gate',
      }),
  })
  .strict();

export const ScanUploadSchema = z
  .object({
    eventId: EventId,
    scans: z.array(OfflineScan).min(1, 'Send at least one scan').max(MAX_SCANS_PER_UPLOAD, `At most ${MAX_SCANS_PER_UPLOAD} scans per upload`),
  })
  .strict()
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.scans.forEach((s, i) => {
      if (seen.has(s.nonce)) ctx.addIssue({ code: 'custom', path: ['scans', i, 'nonce'], message: 'Each scan in an upload needs its own nonce' });
      seen.add(s.nonce);
    });
  })
  .openapi('ScanUpload', {
    example: { eventId: EVENT_EXAMPLE, scans: [{ nonce: 'b7Qx2-0002', token: TOKEN_EXAMPLE, scannedAt: '2026-11-23T18:04:05.000Z', direction: 'in', sessionId: SESSION_EXAMPLE }] },
  });
export type ScanUpload = z.infer<typeof ScanUploadSchema>;

export const ScanPartySchema = z
  .object({
    at: IsoDateTime,
    gateId: z.string().nullable(),
    gateName: z.string().nullable(),
    deviceId: z.string().nullable(),
    deviceName: z.string().nullable(),
    nonce: z.string().nullable(),
  })
  .openapi('ScanParty');

export const SCAN_OUTCOMES = [...SCAN_RESULTS] as const;
/** What a device hears back: a recorded result, or `refused` for an offline scan whose time is not believable. */
export const DEVICE_SCAN_OUTCOMES = [...SCAN_RESULTS, 'refused'] as const;

export const ScanOutcomeSchema = z
  .object({
    nonce: z.string(),
    result: z.enum(DEVICE_SCAN_OUTCOMES).openapi({
      description:
        '`valid` (let them in), `duplicate` (checked in before: see `first`), `invalid_token`, `wrong_gate`, `cancelled` (refunded), `revoked` (re-issued: an old copy), `not_yet_valid`, `expired`, `exit`, `reentry_not_allowed`, `not_inside`; in an offline upload also `refused` (see `refusal`: nothing recorded)',
    }),
    refusal: z.enum(SCAN_REFUSALS).optional().openapi({
      description:
        'Why an offline scan was refused: `in_future` (more than 5 minutes ahead of the server), `before_session_start` (more than 2 minutes before its scan session started), `before_device_registered` (no session, and more than 2 minutes before the device was registered)',
    }),
    ticket: z
      .object({ id: z.string(), ticketTypeId: z.string(), ticketTypeName: z.string().nullable(), seatId: z.string().nullable(), attendeeName: z.string().nullable() })
      .nullable(),
    first: ScanPartySchema.nullable().openapi({ description: 'For a duplicate: the scan that holds the check-in' }),
    superseded: ScanPartySchema.nullable().openapi({ description: 'This (earlier, offline) scan took the check-in over from that one, which is now a duplicate' }),
  })
  .openapi('ScanOutcome');

export const ScanUploadResultSchema = z.object({ results: z.array(ScanOutcomeSchema) }).openapi('ScanUploadResult');

export const ManifestQuery = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,15}\.\d{1,15}$/, 'Use the cursor of the previous manifest')
    .optional()
    .openapi({ description: 'The `cursor` of the last manifest this device applied; omit for everything' }),
  limit: z.coerce.number().int().min(1).max(5_000).default(5_000).openapi({ description: 'Most tickets and most check-in changes per page (1–5,000)' }),
});

export const ManifestSchema = z
  .object({
    event: z.object({
      id: z.string(),
      name: z.string(),
      status: z.string(),
      timezone: z.string(),
      startsAt: IsoDateTime,
      endsAt: IsoDateTime,
      doorsAt: IsoDateTime.nullable(),
      reentryAllowed: z.boolean(),
    }),
    keys: z.array(z.object({ version: z.number().int(), algorithm: z.literal('Ed25519'), publicKey: z.string().openapi({ description: 'base64url of the raw 32-byte key' }), retired: z.boolean() })),
    gates: z.array(z.object({ id: z.string(), name: z.string() })),
    ticketTypes: z.array(z.object({ id: z.string(), name: z.string(), gateIds: z.array(z.string()).openapi({ description: 'Gates that admit this type; empty = every gate' }) })),
    device: z.object({ id: z.string(), gateId: z.string().nullable() }),
    tickets: z
      .array(z.object({ id: z.string(), ticketTypeId: z.string(), seatId: z.string().nullable(), secretVersion: z.number().int(), keyVersion: z.number().int() }))
      .openapi({
        description:
          "Valid tickets issued or changed since the cursor, with their current token's secret and key versions. A token with an older secret version is revoked (re-issued); one with another key version is not the ticket's token.",
      }),
    revocations: z
      .array(z.object({ ticketId: z.string(), reason: z.literal('cancelled') }))
      .openapi({ description: 'Tickets cancelled since the cursor: refuse them' }),
    checkIns: z
      .array(z.object({ ticketId: z.string(), checkedIn: z.boolean(), inside: z.boolean(), first: ScanPartySchema.nullable() }))
      .openapi({ description: 'Check-in states changed since the cursor (online scans, other devices, undos)' }),
    duplicates: z
      .array(z.object({ ticketId: z.string(), scan: ScanPartySchema, winner: ScanPartySchema }))
      .openapi({ description: 'Duplicates this device was involved in since the cursor: its scan lost to the winner, or its scan is the winner' }),
    cursor: z.string().openapi({ example: '1042.3311', description: 'Pass as `cursor` next time' }),
    hasMore: z.boolean().openapi({ description: 'More changes wait: ask again from `cursor` straight away' }),
  })
  .openapi('ScannerManifest');
export type Manifest = z.infer<typeof ManifestSchema>;

export const ScanRecordSchema = z
  .object({
    id: z.string(),
    ticketId: z.string().nullable(),
    deviceId: z.string(),
    gateId: z.string().nullable(),
    sessionId: z.string().nullable(),
    result: z.enum(SCAN_OUTCOMES),
    direction: z.enum(['in', 'out']),
    scannedAt: IsoDateTime,
    receivedAt: IsoDateTime,
    offline: z.boolean(),
    nonce: z.string().nullable(),
    shownResult: z.enum(SCAN_OUTCOMES).nullable().openapi({ description: 'What the gate showed, for an offline scan whose device said' }),
    doubleAdmission: z.boolean().openapi({ description: 'Someone was let in on this scan although the ticket had been used before (found after an offline upload)' }),
  })
  .openapi('ScanRecord');

export const DoubleAdmissionsSchema = z
  .object({
    total: z.number().int(),
    gates: z
      .array(z.object({ gateId: z.string().nullable(), gateName: z.string().nullable(), count: z.number().int() }))
      .openapi({ description: 'Per gate (gateId null: scans made without a gate), most first' }),
    recent: z
      .array(
        z.object({
          scanId: z.string(),
          ticketId: z.string().nullable(),
          scannedAt: IsoDateTime,
          gateId: z.string().nullable(),
          gateName: z.string().nullable(),
          deviceId: z.string(),
          deviceName: z.string().nullable(),
          offline: z.boolean(),
        }),
      )
      .openapi({ description: 'The latest 20, newest first' }),
  })
  .openapi('DoubleAdmissions');

export const ScanListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
  result: z.enum(SCAN_OUTCOMES).optional(),
  deviceId: z.string().max(64).optional(),
  ticketId: z.string().max(64).optional(),
  doubleAdmission: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .openapi({ description: '`true`: only the scans that let someone in on a ticket already used' }),
});

export const UndoCheckInSchema = z
  .object({ reason: safeText(z.string().trim().min(1, 'Say why').max(500), { multiline: true }).openapi({ example: 'Scanned the wrong ticket in the queue' }) })
  .strict()
  .openapi('UndoCheckIn', { example: { reason: 'Scanned the wrong ticket in the queue' } });

export const UndoneCheckInSchema = z.object({ ticketId: z.string(), undone: z.literal(true), previous: ScanPartySchema }).openapi('UndoneCheckIn');
