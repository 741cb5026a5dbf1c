/** Scanning: registered scanner devices (token shown once, stored hashed), scan sessions, and every scan recorded. */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { createdAt, id, instant, organizationId, updatedAt } from './columns';
import { organizations } from './tenancy';

export const devices = sqliteTable(
  'devices',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    name: text().notNull(),
    /** The visible start of the device token (`vgd_ab12cd34`), to tell devices apart. */
    tokenPrefix: text().notNull(),
    /** SHA-256 of the whole token (high entropy, so a fast hash is enough). */
    tokenHash: text().notNull(),
    /** The events this device may scan. */
    eventIds: text({ mode: 'json' }).$type<string[]>().notNull(),
    /** Pinned to one gate, or null to choose per scan session. */
    gateId: text(),
    createdByUserId: text().notNull(),
    lastSeenAt: instant(),
    /** Optional: the token is refused from this instant on. */
    expiresAt: instant(),
    revokedAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('devices_token_hash_uq').on(t.tokenHash), index('devices_org_idx').on(t.organizationId, t.id)],
);

export const scanSessions = sqliteTable(
  'scan_sessions',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    deviceId: text()
      .notNull()
      .references(() => devices.id),
    eventId: text().notNull(),
    gateId: text(),
    operatorName: text().notNull(),
    startedAt: instant().notNull(),
    endedAt: instant(),
  },
  (t) => [index('scan_sessions_org_device_idx').on(t.organizationId, t.deviceId), index('scan_sessions_org_event_idx').on(t.organizationId, t.eventId)],
);

export const SCAN_RESULTS = ['valid', 'duplicate', 'invalid_token', 'wrong_gate', 'cancelled', 'revoked', 'not_yet_valid', 'expired', 'exit', 'reentry_not_allowed', 'not_inside'] as const;
export type ScanResult = (typeof SCAN_RESULTS)[number];

export const scans = sqliteTable(
  'scans',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text().notNull(),
    ticketId: text(),
    deviceId: text().notNull(),
    gateId: text(),
    sessionId: text(),
    result: text({ enum: SCAN_RESULTS }).notNull(),
    direction: text({ enum: ['in', 'out'] }).notNull(),
    /** When the device scanned (offline scans arrive later). */
    scannedAt: instant().notNull(),
    receivedAt: instant().notNull(),
    offline: integer({ mode: 'boolean' }).notNull(),
    /** Per-device nonce of an offline scan: re-uploading a batch records nothing twice. */
    nonce: text(),
    /** For a duplicate: the scan that held the check-in when this one was answered (`<device id>/<nonce>`). */
    firstScanId: text(),
    /** What the gate showed for an offline scan, when the device said (it decided before the server did). */
    shownResult: text({ enum: SCAN_RESULTS }),
    /**
     * Someone was let in on a ticket already used: an offline scan the gate showed as valid that the server found a
     * duplicate, or a check-in an earlier offline scan (uploaded later) took over. Counted per gate on the dashboard.
     */
    doubleAdmission: integer({ mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('scans_device_nonce_uq').on(t.deviceId, t.nonce),
    index('scans_org_event_idx').on(t.organizationId, t.eventId, t.scannedAt),
    index('scans_org_ticket_idx').on(t.organizationId, t.ticketId),
    index('scans_double_admission_idx').on(t.organizationId, t.eventId, t.gateId).where(sql`${t.doubleAdmission} = 1`),
  ],
);
