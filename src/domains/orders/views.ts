/** Reading orders: by id inside a tenant, by access token for the buyer, and their API shapes. */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orderLines, orders, payments, refunds, tickets } from '../../db/schema/orders';
import { sha256Hex } from '../../platform/crypto';
import { NotFoundError } from '../../platform/errors';
import { isoOrNull } from '../../platform/time';
import type { VatMode } from '../ledger/postings';
import { orderTransfers } from '../tickets/held-ticket';

export type OrderRow = typeof orders.$inferSelect;

/** How the order's locked quote counted VAT (the ledger's postings need it). */
export const vatModeOf = (order: OrderRow): VatMode => ((order.quote as { vatMode?: VatMode }).vatMode === 'exclusive' ? 'exclusive' : 'inclusive');

export async function loadOrder(db: Database, organizationId: string, orderId: string): Promise<OrderRow> {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.organizationId, organizationId), eq(orders.id, orderId)))
    .limit(1);
  if (!row) throw new NotFoundError('Order');
  return row;
}

/** The buyer's way in: the token from the order link, never the order id alone. */
export async function orderByAccessToken(db: Database, token: string): Promise<OrderRow> {
  const [row] = await db
    .select()
    .from(orders)
    .where(eq(orders.accessTokenHash, await sha256Hex(token)))
    .limit(1);
  if (!row) throw new NotFoundError('Order');
  return row;
}

async function parts(db: Database, order: OrderRow) {
  const where = <T extends { organizationId: unknown; orderId: unknown }>(t: T) =>
    and(eq(t.organizationId as never, order.organizationId), eq(t.orderId as never, order.id));
  const [lines, ticketRows, transfers] = await Promise.all([
    db.select().from(orderLines).where(where(orderLines)).orderBy(asc(orderLines.id)),
    db.select().from(tickets).where(where(tickets)).orderBy(asc(tickets.id)),
    orderTransfers(db, order.organizationId, order.id),
  ]);
  return { lines, ticketRows, transfers };
}

export async function orderView(db: Database, order: OrderRow) {
  const { lines, ticketRows, transfers } = await parts(db, order);
  return {
    id: order.id,
    eventId: order.eventId,
    status: order.status,
    buyerName: order.buyerName,
    buyerEmail: order.buyerEmail,
    currency: order.currency,
    subtotalMinor: order.subtotalMinor,
    discountMinor: order.discountMinor,
    buyerFeeMinor: order.buyerFeeMinor,
    vatMinor: order.vatMinor,
    donationMinor: order.donationMinor,
    totalMinor: order.totalMinor,
    refundedMinor: order.refundedMinor,
    expiresAt: order.expiresAt.toISOString(),
    paidAt: isoOrNull(order.paidAt),
    createdAt: order.createdAt.toISOString(),
    lines: lines.map((l) => ({
      id: l.id,
      ticketTypeId: l.ticketTypeId,
      seatId: l.seatId,
      attendeeName: l.attendeeName,
      unitPriceMinor: l.unitPriceMinor,
      discountMinor: l.discountMinor,
      buyerFeeMinor: l.buyerFeeMinor,
      vatMinor: l.vatMinor,
      totalMinor: l.totalMinor,
    })),
    tickets: ticketRows.map((t) => toTicketView(t, transfers.get(t.id) ?? null)),
  };
}

/**
 * The order as its buyer sees it: a ticket they transferred shows whom to, without its QR (the recipient holds the
 * only valid one) and without later holders' names.
 */
export async function buyerOrderView(db: Database, order: OrderRow) {
  const view = await orderView(db, order);
  return { ...view, tickets: view.tickets.map((t) => (t.transferredTo ? { ...t, qrToken: null, attendeeName: t.transferredTo.name } : t)) };
}

/**
 * A ticket as organizers see it: its current token and secret version (older tokens are revoked), its current
 * holder as attendee, and whom the buyer transferred it to, if they did.
 */
export const toTicketView = (t: typeof tickets.$inferSelect, transferredTo: { name: string; transferredAt: string } | null = null) => ({
  id: t.id,
  ticketTypeId: t.ticketTypeId,
  seatId: t.seatId,
  attendeeName: t.attendeeName,
  status: t.status,
  qrToken: t.qrToken as string | null,
  secretVersion: t.secretVersion,
  issuedAt: t.issuedAt.toISOString(),
  transferredTo,
});

export async function organizerOrderView(db: Database, order: OrderRow) {
  const [view, paymentRows, refundRows] = await Promise.all([
    orderView(db, order),
    db
      .select()
      .from(payments)
      .where(and(eq(payments.organizationId, order.organizationId), eq(payments.orderId, order.id)))
      .orderBy(desc(payments.id)),
    db
      .select()
      .from(refunds)
      .where(and(eq(refunds.organizationId, order.organizationId), eq(refunds.orderId, order.id)))
      .orderBy(desc(refunds.id)),
  ]);
  return {
    ...view,
    organizerFeeMinor: order.organizerFeeMinor,
    payments: paymentRows.map((p) => ({ id: p.id, provider: p.provider, status: p.status, amountMinor: p.amountMinor, currency: p.currency, redirectUrl: p.redirectUrl, createdAt: p.createdAt.toISOString() })),
    refunds: refundRows.map((r) => ({ id: r.id, amountMinor: r.amountMinor, currency: r.currency, reason: r.reason, ticketIds: r.ticketIds, status: r.status, createdAt: r.createdAt.toISOString() })),
  };
}
