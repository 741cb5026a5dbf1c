/** Organizer routes for orders: search, detail, cancel an unpaid order, resend the confirmation, re-issue the order link or a ticket, refund. */
import { and, eq, like, or } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { orders } from '../../db/schema/orders';
import { auditEntry } from '../../platform/audit';
import { ConflictError } from '../../platform/errors';
import { createRouter, idParam, json, jsonBody, OrgParams, pageOf, problem, tenantRoute, z } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { queueEmail } from '../notifications/port';
import { emitWebhookEvent } from '../webhooks/emit';
import { orderCancelledPayload } from '../webhooks/payloads';
import { abandonOrder } from './complete';
import { refundOrder } from './refunds';
import { OrderSearchQuery, OrganizerOrderSchema, RefundRequestSchema, RefundSchema, ReissueTicketSchema, TicketSchema } from './schemas';
import { reissueTicket } from './reissue';
import { rotateOrderLink } from './rotate-link';
import { loadOrder, organizerOrderView } from './views';
import { assertEmailVerified } from '../auth/verify-email';
import { archivedOrderPage, eventArchive } from '../cold-layer/archived-orders';
import { newestFirstPage } from '../../db/keyset';

const OrderParams = OrgParams.extend({ orderId: idParam('ord', 'Order id') });
const tags = ['Orders'];

const OrderSummarySchema = z
  .object({ id: z.string(), eventId: z.string(), status: z.string(), buyerName: z.string(), buyerEmail: z.string(), totalMinor: z.number().int(), currency: z.string(), createdAt: z.string() })
  .openapi('OrderSummary');

const toRefund = (r: { id: string; amountMinor: number; currency: string; reason: string; ticketIds: string[]; status: 'pending' | 'succeeded' | 'failed'; createdAt: Date }) => ({
  id: r.id,
  amountMinor: r.amountMinor,
  currency: r.currency,
  reason: r.reason,
  ticketIds: r.ticketIds,
  status: r.status,
  createdAt: r.createdAt.toISOString(),
});

export const orderRoutes = createRouter()
  .openapi(
    tenantRoute('orders.read', {
      method: 'get',
      path: '/orgs/{orgId}/orders',
      tags,
      summary: 'Search orders by buyer email or name (prefix), order id, status or event',
      description: 'For an archived event (its orders pruned from D1, docs/postgres.md "Archival") the list answers from Postgres; while Postgres is away that answer is 503 with Retry-After.',
      request: { params: OrgParams, query: OrderSearchQuery },
      responses: { 200: json(pageOf(OrderSummarySchema), 'A page of orders, newest first'), 503: problem('The event is archived and Postgres is briefly unavailable; see Retry-After') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      const { limit, cursor, q, status, eventId } = c.req.valid('query');
      if (eventId && (await eventArchive(ctx.env.DB, ctx.organizationId, eventId))) {
        return c.json(await archivedOrderPage(ctx.env, ctx.organizationId, { eventId, limit, cursor, q, status }), 200);
      }
      const term = q?.toLowerCase().replace(/[%_]/g, '');
      const page = await newestFirstPage(orders.id, { limit, cursor }, (k) =>
        ctx.db
          .select()
          .from(orders)
          .where(
            and(
              eq(orders.organizationId, ctx.organizationId),
              status ? eq(orders.status, status) : undefined,
              eventId ? eq(orders.eventId, eventId) : undefined,
              k.after,
              term ? or(like(orders.buyerEmail, `${term}%`), like(orders.buyerName, `${q}%`), eq(orders.id, q!)) : undefined,
            ),
          )
          .orderBy(k.order)
          .limit(k.limit),
      );
      return c.json(
        {
          items: page.items.map((o) => ({ id: o.id, eventId: o.eventId, status: o.status, buyerName: o.buyerName, buyerEmail: o.buyerEmail, totalMinor: o.totalMinor, currency: o.currency, createdAt: o.createdAt.toISOString() })),
          nextCursor: page.nextCursor,
        },
        200,
      );
    },
  )
  .openapi(
    tenantRoute('orders.read', {
      method: 'get',
      path: '/orgs/{orgId}/orders/{orderId}',
      tags,
      summary: 'An order with its lines, tickets, payments and refunds',
      request: { params: OrderParams },
      responses: { 200: json(OrganizerOrderSchema, 'The order') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      return c.json(await organizerOrderView(ctx.db, await loadOrder(ctx.db, ctx.organizationId, c.req.valid('param').orderId)), 200);
    },
  )
  .openapi(
    tenantRoute('orders.manage', {
      method: 'post',
      path: '/orgs/{orgId}/orders/{orderId}/cancel',
      tags,
      summary: 'Cancel an unpaid order (its holds are released at once); paid orders are refunded instead',
      request: { params: OrderParams },
      responses: { 200: json(OrganizerOrderSchema, 'Cancelled'), 409: json(z.any(), 'Not pending') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      const order = await loadOrder(ctx.db, ctx.organizationId, c.req.valid('param').orderId);
      if (order.status === 'cancelled') return c.json(await organizerOrderView(ctx.db, order), 200);
      if (order.status !== 'pending') throw new ConflictError(`A ${order.status} order is refunded, not cancelled.`, 'order_not_pending');
      const cancelled = await abandonOrder({ ...ctx }, order, null, 'cancelled');
      await writeBatch(ctx.db, [
        auditEntry(ctx, { organizationId: ctx.organizationId, action: 'order.cancelled', resourceType: 'order', resourceId: order.id }),
        queueEmail(ctx, { organizationId: ctx.organizationId, to: order.buyerEmail, template: 'order_cancelled', locale: order.locale, payload: { orderId: order.id }, dedupeKey: `order_cancelled:${order.id}` }),
        ...(cancelled.status === 'cancelled'
          ? await emitWebhookEvent(ctx.db, {
              organizationId: ctx.organizationId,
              type: 'order.cancelled',
              payload: orderCancelledPayload(cancelled, 'cancelled_by_organizer', cancelled.cancelledAt ?? new Date()),
              once: { key: order.id, at: order.createdAt },
            })
          : []),
      ]);
      return c.json(await organizerOrderView(ctx.db, cancelled), 200);
    },
  )
  .openapi(
    tenantRoute('orders.manage', {
      method: 'post',
      path: '/orgs/{orgId}/orders/{orderId}/resend',
      tags,
      summary: 'Send the order confirmation (with its tickets) to the buyer again',
      request: { params: OrderParams },
      responses: { 202: { description: 'Queued' }, 409: json(z.any(), 'Not paid') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      const order = await loadOrder(ctx.db, ctx.organizationId, c.req.valid('param').orderId);
      if (order.status !== 'paid' && order.status !== 'partially_refunded') throw new ConflictError('Only paid orders have tickets to send.', 'order_not_paid');
      await assertEmailVerified(ctx);
      await writeBatch(ctx.db, [
        queueEmail(ctx, { organizationId: ctx.organizationId, to: order.buyerEmail, template: 'order_confirmation', locale: order.locale, payload: { orderId: order.id, resent: true } }),
        auditEntry(ctx, { organizationId: ctx.organizationId, action: 'order.confirmation_resent', resourceType: 'order', resourceId: order.id }),
      ]);
      return c.body(null, 202);
    },
  )
  .openapi(
    tenantRoute('orders.manage', {
      method: 'post',
      path: '/orgs/{orgId}/orders/{orderId}/rotate-link',
      tags,
      summary: "Re-issue the buyer's order link: the old link answers 404 from now on; a paid order's buyer is emailed the new one",
      request: { params: OrderParams },
      responses: { 200: json(OrganizerOrderSchema, 'The order (the link itself goes only to the buyer)'), 409: json(z.any(), 'Re-issued concurrently') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      const order = await rotateOrderLink(ctx, c.req.valid('param').orderId);
      return c.json(await organizerOrderView(ctx.db, order), 200);
    },
  )
  .openapi(
    tenantRoute('orders.manage', {
      method: 'post',
      path: '/orgs/{orgId}/orders/{orderId}/tickets/{ticketId}/reissue',
      tags,
      summary: 'Re-issue a ticket (new QR code): every older copy is revoked; the buyer is sent the new one',
      request: { params: OrderParams.extend({ ticketId: idParam('tkt', 'Ticket id') }), body: jsonBody(ReissueTicketSchema) },
      responses: { 200: json(TicketSchema, 'The ticket with its new token'), 409: json(z.any(), 'Cancelled, or changed meanwhile') },
    }),
    async (c) => {
      const { orderId, ticketId } = c.req.valid('param');
      return c.json(await reissueTicket({ ctx: tenantContext(c), orderId, ticketId, reason: c.req.valid('json').reason }), 200);
    },
  )
  .openapi(
    tenantRoute('orders.refund', {
      method: 'post',
      path: '/orgs/{orgId}/orders/{orderId}/refunds',
      tags,
      summary: 'Refund the whole order, some tickets, or an amount',
      description: 'Tickets refunded are cancelled and their seats go back on sale at once. Send an Idempotency-Key: the same key refunds once.',
      request: { params: OrderParams, body: jsonBody(RefundRequestSchema) },
      responses: { 201: json(RefundSchema, 'Refunded'), 409: json(z.any(), 'Nothing to refund') },
    }),
    async (c) => {
      const refund = await refundOrder({ ctx: tenantContext(c), orderId: c.req.valid('param').orderId, input: c.req.valid('json'), idempotencyKey: c.req.header('Idempotency-Key') });
      return c.json(toRefund(refund), 201);
    },
  );
