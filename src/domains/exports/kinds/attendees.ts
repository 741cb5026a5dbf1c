/**
 * The attendees export: one row per ticket from the Postgres copy, event by event and within an event by id on
 * `pg_tickets_org_event_id_idx` (organization, event, id).
 */
import { and, asc, count, eq, gt } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { orders, tickets } from '../../../db/postgres';
import { events } from '../../../db/schema/events';
import { localDateTime, utc, type Cell } from '../csv';
import { joinCursor, splitCursor, type ExportKindSpec, type ExportScope } from '../kind-spec';
import { eventsById, namesById } from '../lookups';

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
  async count({ pg, organizationId, eventId }) {
    const [row] = await pg((tx) =>
      tx
        .select({ n: count() })
        .from(tickets)
        .where(and(eq(tickets.organizationId, organizationId), eventId ? eq(tickets.eventId, eventId) : undefined)),
    );
    return Number(row?.n ?? 0);
  },
  async page(scope, after, limit) {
    const { db, organizationId, eventId } = scope;
    // Cursor: `<event id>~<id of the last ticket written>`; event by event (D1's list of events) when no event is named.
    let [event, last] = after ? splitCursor(after, 2) : [eventId ?? (await nextEventId(db, organizationId, null)), ''];
    while (event) {
      const rows = await ticketPage(scope, event, last!, limit);
      if (rows.length === limit) return { rows: await attendeeRows(scope, event, rows), next: joinCursor(event, rows.at(-1)!.id) };
      const following = eventId ? null : await nextEventId(db, organizationId, event);
      if (rows.length > 0 || !following) return { rows: await attendeeRows(scope, event, rows), next: following ? joinCursor(following, '') : null };
      [event, last] = [following, ''];
    }
    return { rows: [], next: null };
  },
};

/** The event's tickets after `afterId`, with their orders' buyer, on `pg_tickets_org_event_id_idx`. */
function ticketPage({ pg, organizationId }: ExportScope, eventId: string, afterId: string, limit: number) {
  return pg((tx) =>
    tx
      .select({
        id: tickets.id,
        status: tickets.status,
        issuedAt: tickets.issuedAt,
        cancelledAt: tickets.cancelledAt,
        attendeeName: tickets.attendeeName,
        ticketTypeId: tickets.ticketTypeId,
        seatId: tickets.seatId,
        orderId: tickets.orderId,
        orderStatus: orders.status,
        buyerName: orders.buyerName,
        buyerEmail: orders.buyerEmail,
        eventId: tickets.eventId,
      })
      .from(tickets)
      .innerJoin(orders, and(eq(orders.organizationId, tickets.organizationId), eq(orders.id, tickets.orderId)))
      .where(and(eq(tickets.organizationId, organizationId), eq(tickets.eventId, eventId), gt(tickets.id, afterId)))
      .orderBy(asc(tickets.id))
      .limit(limit),
  );
}

async function attendeeRows({ db, organizationId }: ExportScope, eventId: string, rows: Awaited<ReturnType<typeof ticketPage>>): Promise<Cell[][]> {
  if (!rows.length) return [];
  const [eventOf, typeOf] = await Promise.all([eventsById(db, organizationId, [eventId]), namesById(db, organizationId, 'ticketTypes', rows.map((r) => r.ticketTypeId))]);
  const event = eventOf.get(eventId);
  const timezone = event?.timezone ?? 'UTC';
  return rows.map((t) => [
    t.id,
    t.status,
    utc(t.issuedAt),
    localDateTime(t.issuedAt, timezone),
    utc(t.cancelledAt),
    t.attendeeName,
    t.ticketTypeId,
    typeOf.get(t.ticketTypeId) ?? null,
    t.seatId,
    t.orderId,
    t.orderStatus,
    t.buyerName,
    t.buyerEmail,
    t.eventId,
    event?.name ?? null,
    event?.timezone ?? null,
  ]);
}

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
