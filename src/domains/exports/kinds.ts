/**
 * What each export kind writes: its columns, how many rows it will have (counted first, for progress),
 * and its rows page by page (keyset pagination, about 1,000 rows per D1 query, so a file of any size
 * never has more than one page of rows in memory). Every query filters by the organization, and by the
 * event when the export names one.
 *
 * Each keyset walks an existing index in its own order, so a page costs the same at row 1 as at row
 * 1,000,000 (a sort per page would make a large export quadratic):
 * - orders by id on `orders_org_idx` (organization, id); an event filter is applied as a plain filter
 *   (`+event_id`), so SQLite does not pick the status index and sort;
 * - attendees event by event, and within an event by rowid on `tickets_org_event_idx` (organization,
 *   event; SQLite ends every index with the rowid); ticket ids are not in that index;
 * - check-ins by (event, scan time, id) on `scans_org_event_idx` (organization, event, scanned_at).
 */
import { and, asc, count, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { events, ticketTypes } from '../../db/schema/events';
import type { EXPORT_KINDS } from '../../db/schema/messaging';
import { orders, tickets } from '../../db/schema/orders';
import { coupons } from '../../db/schema/pricing';
import { devices, scans, scanSessions } from '../../db/schema/scanning';
import { gates } from '../../db/schema/venues';
import { NotFoundError } from '../../platform/errors';
import type { Action } from '../../platform/rbac';
import { eventSettlement } from '../ledger/reports';
import { localDateTime, money, utc, type Cell } from './csv';

export type ExportKind = (typeof EXPORT_KINDS)[number];

export type ExportScope = { db: Database; organizationId: string; eventId: string | null };

export type ExportPage = { rows: Cell[][]; next: string | null };

export type ExportKindSpec = {
  /** What the requester must be able to read besides `exports.manage` (checked when the export is requested). */
  reads: readonly Action[];
  needsEvent: boolean;
  header: readonly string[];
  count(scope: ExportScope): Promise<number>;
  /** The rows after `after` (null: from the start) and the cursor of the next page, null at the end. */
  page(scope: ExportScope, after: string | null, limit: number): Promise<ExportPage>;
};

export const DEFAULT_PAGE_SIZE = 1_000;

const next = <T extends { id: string }>(rows: T[], limit: number) => (rows.length === limit ? rows.at(-1)!.id : null);

const orderColumns = [
  'order_id',
  'created_at_utc',
  'created_at_local',
  'status',
  'buyer_name',
  'buyer_email',
  'event_id',
  'event_name',
  'event_timezone',
  'currency',
  'subtotal',
  'discount',
  'buyer_fee',
  'organizer_fee',
  'vat',
  'donation',
  'total',
  'refunded',
  'coupon_code',
  'tickets',
  'paid_at_utc',
  'cancelled_at_utc',
  'payment_provider',
  'locale',
] as const;

const ordersKind: ExportKindSpec = {
  reads: ['orders.read'],
  needsEvent: false,
  header: orderColumns,
  async count({ db, organizationId, eventId }) {
    const [row] = await db
      .select({ n: count() })
      .from(orders)
      .where(and(eq(orders.organizationId, organizationId), eventId ? eq(orders.eventId, eventId) : undefined));
    return row?.n ?? 0;
  },
  async page({ db, organizationId, eventId }, after, limit) {
    const rows = await db
      .select({
        id: orders.id,
        createdAt: orders.createdAt,
        status: orders.status,
        buyerName: orders.buyerName,
        buyerEmail: orders.buyerEmail,
        eventId: orders.eventId,
        eventName: events.name,
        timezone: events.timezone,
        currency: orders.currency,
        subtotalMinor: orders.subtotalMinor,
        discountMinor: orders.discountMinor,
        buyerFeeMinor: orders.buyerFeeMinor,
        organizerFeeMinor: orders.organizerFeeMinor,
        vatMinor: orders.vatMinor,
        donationMinor: orders.donationMinor,
        totalMinor: orders.totalMinor,
        refundedMinor: orders.refundedMinor,
        couponCode: coupons.code,
        tickets: sql<number>`(select count(*) from ${tickets} where ${tickets.organizationId} = ${orders.organizationId} and ${tickets.orderId} = ${orders.id})`.mapWith(Number),
        paidAt: orders.paidAt,
        cancelledAt: orders.cancelledAt,
        paymentProvider: orders.paymentProvider,
        locale: orders.locale,
      })
      .from(orders)
      .innerJoin(events, and(eq(events.organizationId, orders.organizationId), eq(events.id, orders.eventId)))
      .leftJoin(coupons, and(eq(coupons.organizationId, orders.organizationId), eq(coupons.id, orders.couponId)))
      .where(and(eq(orders.organizationId, organizationId), eventId ? sql`+${orders.eventId} = ${eventId}` : undefined, after ? gt(orders.id, after) : undefined))
      .orderBy(asc(orders.id))
      .limit(limit);
    return {
      rows: rows.map((o) => [
        o.id,
        utc(o.createdAt),
        localDateTime(o.createdAt, o.timezone),
        o.status,
        o.buyerName,
        o.buyerEmail,
        o.eventId,
        o.eventName,
        o.timezone,
        o.currency,
        money(o.subtotalMinor, o.currency),
        money(o.discountMinor, o.currency),
        money(o.buyerFeeMinor, o.currency),
        money(o.organizerFeeMinor, o.currency),
        money(o.vatMinor, o.currency),
        money(o.donationMinor, o.currency),
        money(o.totalMinor, o.currency),
        money(o.refundedMinor, o.currency),
        o.couponCode,
        o.tickets,
        utc(o.paidAt),
        utc(o.cancelledAt),
        o.paymentProvider,
        o.locale,
      ]),
      next: next(rows, limit),
    };
  },
};

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

const attendeesKind: ExportKindSpec = {
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

const CURSOR_SEPARATOR = '~';
const joinCursor = (...parts: (string | number)[]) => parts.join(CURSOR_SEPARATOR);
function splitCursor(cursor: string, n: number): string[] {
  const parts = cursor.split(CURSOR_SEPARATOR);
  if (parts.length !== n) throw new Error(`Malformed export cursor: ${cursor}`);
  return parts;
}

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

const checkInsKind: ExportKindSpec = {
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

const settlementColumns = [
  'event_id',
  'event_name',
  'currency',
  'gross_received',
  'refunds',
  'net_received',
  'platform_fees',
  'vat',
  'donations',
  'net_payable',
  'orders_paid',
  'orders_partially_refunded',
  'orders_refunded',
] as const;

/** The ledger's event settlement (GET …/events/{eventId}/settlement), one line per currency. */
const settlementKind: ExportKindSpec = {
  reads: ['finance.read'],
  needsEvent: true,
  header: settlementColumns,
  async count(scope) {
    return (await settlementRows(scope)).length;
  },
  async page(scope, after) {
    // A handful of lines (one per currency): one page.
    return { rows: after ? [] : await settlementRows(scope), next: null };
  },
};

async function settlementRows({ db, organizationId, eventId }: ExportScope): Promise<Cell[][]> {
  if (!eventId) throw new Error('A settlement export needs an event.');
  const [event] = await db
    .select({ name: events.name })
    .from(events)
    .where(and(eq(events.organizationId, organizationId), eq(events.id, eventId)))
    .limit(1);
  if (!event) throw new NotFoundError('Event');
  const report = await eventSettlement({ ctx: { db, organizationId }, eventId });
  return report.currencies.map((c) => [
    eventId,
    event.name,
    c.currency,
    money(c.grossReceivedMinor, c.currency),
    money(c.refundsMinor, c.currency),
    money(c.netReceivedMinor, c.currency),
    money(c.platformFeesMinor, c.currency),
    money(c.vatMinor, c.currency),
    money(c.donationsMinor, c.currency),
    money(c.netPayableMinor, c.currency),
    report.orders.paid,
    report.orders.partiallyRefunded,
    report.orders.refunded,
  ]);
}

export const EXPORT_KIND_SPECS: Record<ExportKind, ExportKindSpec> = {
  orders: ordersKind,
  attendees: attendeesKind,
  check_ins: checkInsKind,
  settlement: settlementKind,
};

/** The error of a job whose request was answered 503 because its message seemed not to be sent: never run (run.ts). */
export const EXPORT_NOT_QUEUED = 'The export could not be queued; request it again.';
