/** Organizer routes for buyer refunds by policy: each event's policy, and the refund requests waiting for a decision. */
import { and, eq } from 'drizzle-orm';
import { refundRequests } from '../../db/schema/refund-policies';
import { createRouter, idParam, json, jsonBody, OrgParams, pageOf, problem, tenantRoute } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { approveRefundRequest, declineRefundRequest, loadRefundRequest } from './decide-request';
import { getRefundPolicy, setRefundPolicy } from './policy';
import { ApproveRefundRequestSchema, DeclineRefundRequestSchema, RefundPolicyInputSchema, RefundPolicySchema, RefundRequestListQuery, RefundRequestViewSchema } from './schemas';
import { toRefundRequest } from './views';
import { newestFirstPage } from '../../db/keyset';

const EventParams = OrgParams.extend({ eventId: idParam('evt', 'Event id') });
const RequestParams = OrgParams.extend({ requestId: idParam('rrq', 'Refund request id') });

export const refundPolicyRoutes = createRouter()
  .openapi(
    tenantRoute('events.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/refund-policy',
      tags: ['Events'],
      summary: 'The event’s buyer refund policy (`none` until one is set)',
      request: { params: EventParams },
      responses: { 200: json(RefundPolicySchema, 'The policy, with when automatic refunds end') },
    }),
    async (c) => c.json(await getRefundPolicy({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId }), 200),
  )
  .openapi(
    tenantRoute('events.manage', {
      method: 'put',
      path: '/orgs/{orgId}/events/{eventId}/refund-policy',
      tags: ['Events'],
      summary: 'Set the event’s buyer refund policy: none, or automatic until N days before the start, with a fee per ticket',
      description: 'Applies to requests from now on; requests already filed keep the quote they were given.',
      request: { params: EventParams, body: jsonBody(RefundPolicyInputSchema) },
      responses: { 200: json(RefundPolicySchema, 'Saved') },
    }),
    async (c) => c.json(await setRefundPolicy({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId, input: c.req.valid('json') }), 200),
  )
  .openapi(
    tenantRoute('orders.read', {
      method: 'get',
      path: '/orgs/{orgId}/refund-requests',
      tags: ['Orders'],
      summary: 'Buyers’ refund requests (open ones by default), for the organization, an event or an order',
      request: { params: OrgParams, query: RefundRequestListQuery },
      responses: { 200: json(pageOf(RefundRequestViewSchema), 'A page of requests, newest first') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      const { status, orderId, eventId, limit, cursor } = c.req.valid('query');
      const page = await newestFirstPage(refundRequests.id, { limit, cursor }, (k) =>
        ctx.db
          .select()
          .from(refundRequests)
          .where(
            and(
              eq(refundRequests.organizationId, ctx.organizationId),
              eq(refundRequests.status, status),
              orderId ? eq(refundRequests.orderId, orderId) : undefined,
              eventId ? eq(refundRequests.eventId, eventId) : undefined,
              k.after,
            ),
          )
          .orderBy(k.order)
          .limit(k.limit),
      );
      return c.json({ items: page.items.map(toRefundRequest), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    tenantRoute('orders.read', {
      method: 'get',
      path: '/orgs/{orgId}/refund-requests/{requestId}',
      tags: ['Orders'],
      summary: 'A buyer’s refund request',
      request: { params: RequestParams },
      responses: { 200: json(RefundRequestViewSchema, 'The request') },
    }),
    async (c) => c.json(toRefundRequest(await loadRefundRequest(tenantContext(c), c.req.valid('param').requestId)), 200),
  )
  .openapi(
    tenantRoute('orders.refund', {
      method: 'post',
      path: '/orgs/{orgId}/refund-requests/{requestId}/approve',
      tags: ['Orders'],
      summary: 'Approve a refund request: its tickets are refunded (the quote, or the amount sent) and the buyer is emailed',
      description: 'Paid through the same refund path as any refund (claimed before the provider is called). Send an Idempotency-Key.',
      request: { params: RequestParams, body: jsonBody(ApproveRefundRequestSchema) },
      responses: { 200: json(RefundRequestViewSchema, 'Refunded'), 409: problem('Already decided (`refund_request_decided`), or its tickets were refunded another way (`refund_in_progress`)') },
    }),
    async (c) =>
      c.json(
        toRefundRequest(await approveRefundRequest({ ctx: tenantContext(c), requestId: c.req.valid('param').requestId, amountMinor: c.req.valid('json').amountMinor, idempotencyKey: c.req.header('Idempotency-Key') })),
        200,
      ),
  )
  .openapi(
    tenantRoute('orders.refund', {
      method: 'post',
      path: '/orgs/{orgId}/refund-requests/{requestId}/decline',
      tags: ['Orders'],
      summary: 'Decline a refund request with a reason (the buyer is emailed it; the tickets stay valid)',
      request: { params: RequestParams, body: jsonBody(DeclineRefundRequestSchema) },
      responses: { 200: json(RefundRequestViewSchema, 'Declined'), 409: problem('Already decided (`refund_request_decided`)') },
    }),
    async (c) => c.json(toRefundRequest(await declineRefundRequest({ ctx: tenantContext(c), requestId: c.req.valid('param').requestId, reason: c.req.valid('json').reason })), 200),
  );
