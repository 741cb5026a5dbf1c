/**
 * How each replicated D1 table (src/db/schema/replication.ts REPLICATED_TABLES) becomes its Postgres copy
 * (src/db/postgres/): the D1 query that reads rows as they are now — joined where the copy carries what D1 keeps
 * elsewhere (a line's event and time from its order, a journal line's account code and time from its entry and
 * account) — and the mapping to the copy's columns. Secrets and personal data the reports don't need stay in D1:
 * order access tokens, QR tokens, payment redirect URLs and provider session ids, audit IP addresses and user agents.
 * Every query is scoped by organization_id.
 */
import type { PgTable } from 'drizzle-orm/pg-core';
import { auditEntries, checkIns, journalEntries, journalLines, occupancySnapshots, orderLines, orders, payments, refunds, tickets } from '../../db/postgres';
import type { VersionedTable } from '../../db/postgres/upsert';
import type { ReplicatedTable } from '../../db/schema/replication';

type Row = Record<string, unknown>;
export type TableCopy = { pg: VersionedTable & PgTable; select: string; map(row: Row, version: number): Record<string, unknown> };

const at = (ms: unknown) => (ms === null || ms === undefined ? null : new Date(Number(ms)));
const atOr = (ms: unknown, fallback: unknown) => new Date(Number(ms ?? fallback));
const json = <T>(text: unknown, fallback: T): T => {
  if (typeof text !== 'string') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => Number(v ?? 0);

/** `t` is the replicated table's alias in every select; rows are picked by `t.organization_id = ?1 AND t.id IN (ids ?2)`. */
export const TABLE_COPIES: Record<ReplicatedTable, TableCopy> = {
  orders: {
    pg: orders,
    select: 'SELECT t.* FROM orders t',
    map: (r, version) => ({
      id: r.id,
      organizationId: r.organization_id,
      eventId: r.event_id,
      status: r.status,
      buyerName: r.buyer_name,
      buyerEmail: r.buyer_email,
      currency: r.currency,
      subtotalMinor: num(r.subtotal_minor),
      discountMinor: num(r.discount_minor),
      buyerFeeMinor: num(r.buyer_fee_minor),
      organizerFeeMinor: num(r.organizer_fee_minor),
      vatMinor: num(r.vat_minor),
      donationMinor: num(r.donation_minor),
      totalMinor: num(r.total_minor),
      refundedMinor: num(r.refunded_minor),
      couponId: str(r.coupon_id),
      paymentProvider: r.payment_provider,
      locale: str(r.locale),
      paidAt: at(r.paid_at),
      cancelledAt: at(r.cancelled_at),
      createdAt: at(r.created_at),
      updatedAt: at(r.updated_at),
      version,
    }),
  },
  order_lines: {
    pg: orderLines,
    select: 'SELECT t.*, o.event_id AS o_event_id, o.created_at AS o_created_at FROM order_lines t JOIN orders o ON o.id = t.order_id AND o.organization_id = t.organization_id',
    map: (r, version) => ({
      id: r.id,
      organizationId: r.organization_id,
      orderId: r.order_id,
      eventId: r.o_event_id,
      ticketTypeId: r.ticket_type_id,
      seatId: str(r.seat_id),
      unitPriceMinor: num(r.unit_price_minor),
      discountMinor: num(r.discount_minor),
      buyerFeeMinor: num(r.buyer_fee_minor),
      organizerFeeMinor: num(r.organizer_fee_minor),
      vatMinor: num(r.vat_minor),
      totalMinor: num(r.total_minor),
      createdAt: at(r.o_created_at),
      version,
    }),
  },
  tickets: {
    pg: tickets,
    // A check-in is a scan (check_ins), not a change of the ticket's row: the copy's checked_in_at stays null and
    // reports count check-ins from check_ins.
    select: 'SELECT t.* FROM tickets t',
    map: (r, version) => ({
      id: r.id,
      organizationId: r.organization_id,
      eventId: r.event_id,
      orderId: r.order_id,
      orderLineId: r.order_line_id,
      ticketTypeId: r.ticket_type_id,
      seatId: str(r.seat_id),
      attendeeName: str(r.attendee_name),
      status: r.status,
      secretVersion: num(r.secret_version),
      issuedAt: at(r.issued_at),
      cancelledAt: at(r.cancelled_at),
      checkedInAt: null,
      version,
    }),
  },
  payments: {
    pg: payments,
    select: 'SELECT t.* FROM payments t',
    map: (r, version) => ({
      id: r.id,
      organizationId: r.organization_id,
      orderId: r.order_id,
      provider: r.provider,
      providerPaymentId: str(r.provider_payment_id),
      amountMinor: num(r.amount_minor),
      currency: r.currency,
      status: r.status,
      createdAt: at(r.created_at),
      updatedAt: at(r.updated_at),
      version,
    }),
  },
  refunds: {
    pg: refunds,
    select: 'SELECT t.* FROM refunds t',
    map: (r, version) => ({
      id: r.id,
      organizationId: r.organization_id,
      orderId: r.order_id,
      paymentId: r.payment_id,
      amountMinor: num(r.amount_minor),
      currency: r.currency,
      reason: r.reason,
      ticketIds: json<string[]>(r.ticket_ids, []),
      status: r.status,
      createdAt: at(r.created_at),
      updatedAt: at(r.updated_at),
      version,
    }),
  },
  journal_entries: {
    pg: journalEntries,
    select: 'SELECT t.* FROM journal_entries t',
    map: (r, version) => ({
      id: r.id,
      organizationId: r.organization_id,
      eventId: str(r.event_id),
      orderId: str(r.order_id),
      kind: r.kind,
      description: r.description,
      currency: r.currency,
      createdAt: at(r.created_at),
      version,
    }),
  },
  journal_lines: {
    pg: journalLines,
    select:
      'SELECT t.*, a.code AS account_code, e.created_at AS e_created_at, e.event_id AS e_event_id FROM journal_lines t JOIN journal_entries e ON e.id = t.entry_id AND e.organization_id = t.organization_id JOIN ledger_accounts a ON a.id = t.account_id AND a.organization_id = t.organization_id',
    map: (r, version) => ({
      id: r.id,
      organizationId: r.organization_id,
      entryId: r.entry_id,
      eventId: str(r.e_event_id),
      accountId: r.account_id,
      accountCode: r.account_code,
      debitMinor: num(r.debit_minor),
      creditMinor: num(r.credit_minor),
      createdAt: at(r.e_created_at),
      version,
    }),
  },
  scans: {
    pg: checkIns,
    select: 'SELECT t.* FROM scans t',
    map: (r, version) => ({
      id: r.id,
      organizationId: r.organization_id,
      eventId: r.event_id,
      ticketId: str(r.ticket_id),
      deviceId: r.device_id,
      gateId: str(r.gate_id),
      sessionId: str(r.session_id),
      result: r.result,
      direction: r.direction,
      offline: Boolean(r.offline),
      shownResult: str(r.shown_result),
      doubleAdmission: Boolean(r.double_admission),
      scannedAt: atOr(r.scanned_at, r.received_at),
      createdAt: atOr(r.received_at, r.scanned_at),
      version,
    }),
  },
  audit_logs: {
    pg: auditEntries,
    select: 'SELECT t.* FROM audit_logs t',
    map: (r, version) => ({
      id: r.id,
      organizationId: r.organization_id,
      actorType: r.actor_type,
      actorId: str(r.actor_id),
      action: r.action,
      resourceType: r.resource_type,
      resourceId: str(r.resource_id),
      changes: json<Record<string, unknown> | null>(r.changes, null),
      requestId: str(r.request_id),
      createdAt: at(r.created_at),
      version,
    }),
  },
  occupancy_snapshots: {
    pg: occupancySnapshots,
    select: 'SELECT t.* FROM occupancy_snapshots t',
    map: (r, version) => ({
      id: r.id,
      organizationId: r.organization_id,
      eventId: r.event_id,
      takenAt: at(r.taken_at),
      capacity: num(r.capacity),
      sold: num(r.sold),
      held: num(r.held),
      checkedIn: num(r.checked_in),
      version,
    }),
  },
};
