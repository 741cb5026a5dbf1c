/** The check-ins export: one row per scan from the Postgres copy, by (event, scan time, id) on `pg_check_ins_org_event_idx`. */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { checkIns, tickets } from '../../../db/postgres';
import { localDateTime, utc } from '../csv';
import { joinCursor, splitCursor, type ExportKindSpec } from '../kind-spec';
import { eventsById, namesById } from '../lookups';

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
  'shown_on_gate',
  'double_admission',
] as const;

export const checkInsKind: ExportKindSpec = {
  reads: ['orders.read', 'checkins.read'],
  needsEvent: false,
  header: checkInColumns,
  async count({ pg, organizationId, eventId }) {
    const [row] = await pg((tx) =>
      tx
        .select({ n: count() })
        .from(checkIns)
        .where(and(eq(checkIns.organizationId, organizationId), eventId ? eq(checkIns.eventId, eventId) : undefined)),
    );
    return Number(row?.n ?? 0);
  },
  async page({ db, pg, organizationId, eventId }, after, limit) {
    // Cursor: `<event id>~<scanned at, ms>~<scan id>` of the last scan written.
    const position = after ? splitCursor(after, 3) : null;
    const rows = await pg((tx) =>
      tx
        .select({
          id: checkIns.id,
          scannedAt: checkIns.scannedAt,
          receivedAt: checkIns.createdAt,
          result: checkIns.result,
          direction: checkIns.direction,
          offline: checkIns.offline,
          shownResult: checkIns.shownResult,
          doubleAdmission: checkIns.doubleAdmission,
          ticketId: checkIns.ticketId,
          attendeeName: tickets.attendeeName,
          ticketTypeId: tickets.ticketTypeId,
          deviceId: checkIns.deviceId,
          gateId: checkIns.gateId,
          sessionId: checkIns.sessionId,
          eventId: checkIns.eventId,
        })
        .from(checkIns)
        .leftJoin(tickets, and(eq(tickets.organizationId, checkIns.organizationId), eq(tickets.id, checkIns.ticketId)))
        .where(
          and(
            eq(checkIns.organizationId, organizationId),
            eventId ? eq(checkIns.eventId, eventId) : undefined,
            position ? sql`(${checkIns.eventId}, ${checkIns.scannedAt}, ${checkIns.id}) > (${position[0]}, ${new Date(Number(position[1])).toISOString()}::timestamptz, ${position[2]})` : undefined,
          ),
        )
        .orderBy(asc(checkIns.eventId), asc(checkIns.scannedAt), asc(checkIns.id))
        .limit(limit),
    );
    const [eventOf, typeOf, deviceOf, gateOf, operatorOf] = await Promise.all([
      eventsById(db, organizationId, rows.map((r) => r.eventId)),
      namesById(db, organizationId, 'ticketTypes', rows.map((r) => r.ticketTypeId)),
      namesById(db, organizationId, 'devices', rows.map((r) => r.deviceId)),
      namesById(db, organizationId, 'gates', rows.map((r) => r.gateId)),
      namesById(db, organizationId, 'sessions', rows.map((r) => r.sessionId)),
    ]);
    return {
      rows: rows.map((s) => {
        const event = eventOf.get(s.eventId);
        return [
          s.id,
          utc(s.scannedAt),
          localDateTime(s.scannedAt, event?.timezone ?? 'UTC'),
          utc(s.receivedAt),
          s.result,
          s.direction,
          s.offline,
          s.ticketId,
          s.attendeeName,
          s.ticketTypeId ? (typeOf.get(s.ticketTypeId) ?? null) : null,
          s.deviceId,
          deviceOf.get(s.deviceId) ?? null,
          s.gateId,
          s.gateId ? (gateOf.get(s.gateId) ?? null) : null,
          s.sessionId,
          s.sessionId ? (operatorOf.get(s.sessionId) ?? null) : null,
          s.eventId,
          event?.name ?? null,
          event?.timezone ?? null,
          s.shownResult,
          s.doubleAdmission,
        ];
      }),
      next: rows.length === limit ? joinCursor(rows.at(-1)!.eventId, rows.at(-1)!.scannedAt.getTime(), rows.at(-1)!.id) : null,
    };
  },
};
