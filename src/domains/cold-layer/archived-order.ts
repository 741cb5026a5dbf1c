/**
 * One order of an archived event, read from Postgres (docs/postgres.md, "Archival"): the order, its lines, tickets,
 * payments and refunds as the copy holds them — no QR tokens or payment links (they never leave D1). Scoped by
 * organization_id (and RLS). Any order the copy holds answers (`archived` says whether D1 still has it): for an
 * archived event it is the only record left; for a live one it is as fresh as replication (the live route is the
 * authority there).
 */
import { and, asc, eq } from 'drizzle-orm';
import { orderLines, orders, payments, refunds, tickets } from '../../db/postgres';
import { withOrganization } from '../../db/postgres-client';
import { NotFoundError } from '../../platform/errors';
import { eventArchive } from './archived-orders';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function archivedOrder(env: Pick<Cloudflare.Env, 'DB' | 'HYPERDRIVE'>, organizationId: string, orderId: string) {
  const found = await withOrganization(env, organizationId, async (tx) => {
    const [order] = await tx.select().from(orders).where(and(eq(orders.organizationId, organizationId), eq(orders.id, orderId)));
    if (!order) return null;
    const by = <T extends typeof orderLines | typeof tickets | typeof payments | typeof refunds>(t: T) => and(eq(t.organizationId, organizationId), eq(t.orderId, orderId));
    return {
      order,
      lines: await tx.select().from(orderLines).where(by(orderLines)).orderBy(asc(orderLines.id)),
      tickets: await tx.select().from(tickets).where(by(tickets)).orderBy(asc(tickets.id)),
      payments: await tx.select().from(payments).where(by(payments)).orderBy(asc(payments.id)),
      refunds: await tx.select().from(refunds).where(by(refunds)).orderBy(asc(refunds.id)),
    };
  });
  if (!found) throw new NotFoundError('Order');
  const { order } = found;
  return {
    id: order.id,
    archived: Boolean(await eventArchive(env.DB, organizationId, order.eventId)),
    eventId: order.eventId,
    status: order.status,
    buyerName: order.buyerName,
    buyerEmail: order.buyerEmail,
    currency: order.currency,
    subtotalMinor: order.subtotalMinor,
    discountMinor: order.discountMinor,
    buyerFeeMinor: order.buyerFeeMinor,
    organizerFeeMinor: order.organizerFeeMinor,
    vatMinor: order.vatMinor,
    donationMinor: order.donationMinor,
    totalMinor: order.totalMinor,
    refundedMinor: order.refundedMinor,
    paidAt: iso(order.paidAt),
    createdAt: order.createdAt.toISOString(),
    lines: found.lines.map((l) => ({ id: l.id, ticketTypeId: l.ticketTypeId, seatId: l.seatId, unitPriceMinor: l.unitPriceMinor, discountMinor: l.discountMinor, buyerFeeMinor: l.buyerFeeMinor, vatMinor: l.vatMinor, totalMinor: l.totalMinor })),
    tickets: found.tickets.map((t) => ({ id: t.id, ticketTypeId: t.ticketTypeId, seatId: t.seatId, attendeeName: t.attendeeName, status: t.status, issuedAt: iso(t.issuedAt) })),
    payments: found.payments.map((p) => ({ id: p.id, provider: p.provider, status: p.status, amountMinor: p.amountMinor, currency: p.currency, createdAt: iso(p.createdAt) })),
    refunds: found.refunds.map((r) => ({ id: r.id, amountMinor: r.amountMinor, currency: r.currency, reason: r.reason, ticketIds: r.ticketIds as string[], status: r.status, createdAt: iso(r.createdAt) })),
  };
}
