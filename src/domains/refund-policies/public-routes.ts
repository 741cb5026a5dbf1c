/** The buyer's side of refunds by policy, behind the order link: what the policy gives back, and asking for it. */
import { createRouter, json, jsonBody, problem, publicRoute, z } from '../../platform/openapi';
import { serviceContext } from '../../platform/tenant';
import { orderByAccessToken } from '../orders/views';
import { buyerContext, fileRefundRequest } from './file-request';
import { buyerOptionsView, orderQuote } from './order-quote';
import { BuyerRefundOptionsSchema, FileRefundRequestSchema, RefundRequestViewSchema } from './schemas';
import { toRefundRequest } from './views';

const tags = ['Storefront'];
const AccessTokenParam = z.string().min(16).max(128).openapi({ example: 'x5r0Qm2w9Zb7hP3kTq1vN8cLd6fYs4aJ' });

export const publicRefundRoutes = createRouter()
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/orders/{accessToken}/refunds',
      tags,
      summary: 'What a refund of this order would give back now (per ticket, after the policy’s fee), and your refund requests',
      request: { params: z.object({ accessToken: AccessTokenParam }) },
      responses: { 200: json(BuyerRefundOptionsSchema, 'The policy, the quote and the requests'), 404: problem('No order behind this link') },
    }),
    async (c) => {
      c.header('Cache-Control', 'private, no-store');
      const order = await orderByAccessToken(c.var.db, c.req.valid('param').accessToken);
      return c.json(buyerOptionsView(order, await orderQuote(c.var.db, order)), 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/public/orders/{accessToken}/refund-requests',
      tags,
      summary: 'Ask for a refund of the whole order or some tickets: refunded at once inside the event’s policy, otherwise sent to the organizer',
      description:
        'Inside the policy the answer is `refunded` (the fee kept); outside it (or with the policy `none`) it is `open` until the organizer approves or declines, and you are emailed either way. Checked-in tickets cannot be refunded. Send an Idempotency-Key: the same key files one request.',
      request: { params: z.object({ accessToken: AccessTokenParam }), body: jsonBody(FileRefundRequestSchema) },
      responses: {
        201: json(RefundRequestViewSchema, 'Filed (and refunded, inside the policy)'),
        404: problem('No order behind this link'),
        409: problem('A request for these tickets is open (`refund_request_open`), they were refunded (`refund_in_progress`) or checked in (`ticket_checked_in`), or the order is not paid (`order_not_refundable`)'),
      },
    }),
    async (c) => {
      c.header('Cache-Control', 'private, no-store');
      const order = await orderByAccessToken(c.var.db, c.req.valid('param').accessToken);
      const request = await fileRefundRequest({ ctx: buyerContext(serviceContext(c), order), order, input: c.req.valid('json'), idempotencyKey: c.req.header('Idempotency-Key') });
      return c.json(toRefundRequest(request), 201);
    },
  );
