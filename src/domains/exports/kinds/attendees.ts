/** The attendees export: one row per ticket, event by event and within an event by rowid on `tickets_org_event_idx`. */
import { and, asc, count, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { events, ticketTypes } from '../../../db/schema/events';
import { orders, tickets } from '../../../db/schema/orders';
import { localDateTime, utc, type Cell } from '../csv';
import { joinCursor, splitCursor, type ExportKindSpec } from '../kind-spec';

const attendeeColumns = [
  'ticket_id',
  'ticket_status',
  'issued_at_utc',
  'issued_at_local',
  'cancelled_at_utc',
  'attendee_name',
  'ticket_type_id',
  'ticket_type',
  'seat',
  'order_id',
  'order_status',
  'buyer_name',
  'buyer_email',
  'event_id',
  'event_name',
  'event_timezone',
] as const;

export const attendeesKind: ExportKindSpec = {
  reads: ['orders.read'],
  needsEvent: false,
  header: attendeeColumns,
  async count({ db, organizationId, eventId }) {
    const [row] = await db
      .select({ n: count() })
      .from(tickets)
      .where(and(eq(tickets.organizationId, organizationId), eventId ? eq(tickets.eventId, eventId) : undefined));
    return row?.n ?? 0;
  },
  async page({ db, organizationId, eventId }, after, limit) {
    // Cursor: `<event id>~<rowid of the last ticket written>`; event by event when no event is named.
    let [event, last] = after ? splitCursor(after, 2) : [eventId ?? (await nextEventId(db, organizationId, null)), '0'];
    while (event) {
      const rows = await ticketPage(db, organizationId, event, Number(last), limit);
      if (rows.length === limit) return { rows: rows.map(attendeeRow), next: joinCursor(event, rows.at(-1)!.rowid) };
      const following = eventId ? null : await nextEventId(db, organizationId, event);
      if (rows.length > 0 || !following) return { rows: rows.map(attendeeRow), next: following ? joinCursor(following, 0) : null };
      [event, last] = [following, '0'];
    }
    return { rows: [], next: null };
  },
};

async function ticketPage(db: Database, organizationId: string, eventId: string, afterRowid: number, limit: number) {
  const rowid = sql<number>`${tickets}.rowid`.mapWith(Number);
  return db
    .select({
      rowid,
      id: tickets.id,
      status: tickets.status,
      issuedAt: tickets.issuedAt,
      cancelledAt: tickets.cancelledAt,
      attendeeName: tickets.attendeeName,
      ticketTypeId: tickets.ticketTypeId,
      ticketType: ticketTypes.name,
      seatId: tickets.seatId,
      orderId: tickets.orderId,
      orderStatus: orders.status,
      buyerName: orders.buyerName,
      buyerEmail: orders.buyerEmail,
      eventId: tickets.eventId,
      eventName: events.name,
      timezone: events.timezone,
    })
    .from(tickets)
    .innerJoin(orders, and(eq(orders.organizationId, tickets.organizationId), eq(orders.id, tickets.orderId)))
    .innerJoin(events, and(eq(events.organizationId, tickets.organizationId), eq(events.id, tickets.eventId)))
    .leftJoin(ticketTypes, and(eq(ticketTypes.organizationId, tickets.organizationId), eq(ticketTypes.id, tickets.ticketTypeId)))
    .where(and(eq(tickets.organizationId, organizationId), eq(tickets.eventId, eventId), sql`${rowid} > ${afterRowid}`))
    .orderBy(rowid)
    .limit(limit);
}

const attendeeRow = (t: Awaited<ReturnType<typeof ticketPage>>[number]): Cell[] => [
  t.id,
  t.status,
  utc(t.issuedAt),
  localDateTime(t.issuedAt, t.timezone),
  utc(t.cancelledAt),
  t.attendeeName,
  t.ticketTypeId,
  t.ticketType,
  t.seatId,
  t.orderId,
  t.orderStatus,
  t.buyerName,
  t.buyerEmail,
  t.eventId,
  t.eventName,
  t.timezone,
];

/** The organization's next event after `after` (by id), or the first. */
async function nextEventId(db: Database, organizationId: string, after: string | null): Promise<string | null> {
  const [row] = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.organizationId, organizationId), after ? gt(events.id, after) : undefined))
    .orderBy(asc(events.id))
    .limit(1);
  return row?.id ?? null;
}

