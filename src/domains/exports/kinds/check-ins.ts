/** The check-ins export: one row per scan, by (event, scan time, id) on `scans_org_event_idx`. */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { events, ticketTypes } from '../../../db/schema/events';
import { tickets } from '../../../db/schema/orders';
import { devices, scans, scanSessions } from '../../../db/schema/scanning';
import { gates } from '../../../db/schema/venues';
import { localDateTime, utc } from '../csv';
import { joinCursor, splitCursor, type ExportKindSpec } from '../kind-spec';

const checkInColumns = [
  'scan_id',
  'scanned_at_utc',
  'scanned_at_local',
  'received_at_utc',
  'result',
  'direction',
  'offline',
  'ticket_id',
  'attendee_name',
  'ticket_type',
  'device_id',
  'device_name',
  'gate_id',
  'gate_name',
  'session_id',
  'operator_name',
  'event_id',
  'event_name',
  'event_timezone',
] as const;

export const checkInsKind: ExportKindSpec = {
  reads: ['orders.read', 'checkins.read'],
  needsEvent: false,
  header: checkInColumns,
  async count({ db, organizationId, eventId }) {
    const [row] = await db
      .select({ n: count() })
      .from(scans)
      .where(and(eq(scans.organizationId, organizationId), eventId ? eq(scans.eventId, eventId) : undefined));
    return row?.n ?? 0;
  },
  async page({ db, organizationId, eventId }, after, limit) {
    // Cursor: `<event id>~<scanned at, ms>~<scan id>` of the last scan written.
    const position = after ? splitCursor(after, 3) : null;
    const rows = await db
      .select({
        id: scans.id,
        scannedAt: scans.scannedAt,
        receivedAt: scans.receivedAt,
        result: scans.result,
        direction: scans.direction,
        offline: scans.offline,
        ticketId: scans.ticketId,
        attendeeName: tickets.attendeeName,
        ticketType: ticketTypes.name,
        deviceId: scans.deviceId,
        deviceName: devices.name,
        gateId: scans.gateId,
        gateName: gates.name,
        sessionId: scans.sessionId,
        operatorName: scanSessions.operatorName,
        eventId: scans.eventId,
        eventName: events.name,
        timezone: events.timezone,
      })
      .from(scans)
      .innerJoin(events, and(eq(events.organizationId, scans.organizationId), eq(events.id, scans.eventId)))
      .leftJoin(tickets, and(eq(tickets.organizationId, scans.organizationId), eq(tickets.id, scans.ticketId)))
      .leftJoin(ticketTypes, and(eq(ticketTypes.organizationId, scans.organizationId), eq(ticketTypes.id, tickets.ticketTypeId)))
      .leftJoin(devices, and(eq(devices.organizationId, scans.organizationId), eq(devices.id, scans.deviceId)))
      .leftJoin(gates, and(eq(gates.organizationId, scans.organizationId), eq(gates.id, scans.gateId)))
      .leftJoin(scanSessions, and(eq(scanSessions.organizationId, scans.organizationId), eq(scanSessions.id, scans.sessionId)))
      .where(and(eq(scans.organizationId, organizationId), eventId ? eq(scans.eventId, eventId) : undefined, position ? sql`(${scans.eventId}, ${scans.scannedAt}, ${scans.id}) > (${position[0]}, ${Number(position[1])}, ${position[2]})` : undefined))
      .orderBy(asc(scans.eventId), asc(scans.scannedAt), asc(scans.id))
      .limit(limit);
    return {
      rows: rows.map((s) => [
        s.id,
        utc(s.scannedAt),
        localDateTime(s.scannedAt, s.timezone),
        utc(s.receivedAt),
        s.result,
        s.direction,
        s.offline,
        s.ticketId,
        s.attendeeName,
        s.ticketType,
        s.deviceId,
        s.deviceName,
        s.gateId,
        s.gateName,
        s.sessionId,
        s.operatorName,
        s.eventId,
        s.eventName,
        s.timezone,
      ]),
      next: rows.length === limit ? joinCursor(rows.at(-1)!.eventId, rows.at(-1)!.scannedAt.getTime(), rows.at(-1)!.id) : null,
    };
  },
};

