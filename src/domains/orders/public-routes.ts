/** Buyer routes: start checkout from holds, the order page behind its unguessable link, and the PSP webhook. */
import { createRouter, idParam, json, jsonBody, mintsSecret, problem, publicRoute, z } from '../../platform/openapi';
import { publicEvent } from '../events/holds';
import { requireAdmission } from '../waiting-room/enforce';
import { serviceContext } from '../../platform/tenant';
import { LOCALES } from '../../db/schema/tenancy';
import { NotFoundError } from '../../platform/errors';
import { orderTicketsPdf } from '../notifications/compose';
import { startCheckout } from './checkout';
import { resendOrderLink } from './resend-link';
import { emailOrderLinks } from './email-order-links';
import { CheckoutStartedSchema, EmailOrderLinksSchema, OrderSchema, ResendOrderLinkSchema, StartCheckoutSchema } from './schemas';
import { buyerOrderView, orderByAccessToken } from './views';
import { receivePaymentWebhook } from './webhooks';
import { recordStep, requestFacts } from '../analytics/record-step';

const tags = ['Storefront'];
const AccessTokenParam = z.string().min(16).max(128).openapi({ example: 'x5r0Qm2w9Zb7hP3kTq1vN8cLd6fYs4aJ' });

export const publicOrderRoutes = createRouter()
  .openapi(
    mintsSecret(publicRoute({
      method: 'post',
      path: '/public/events/{eventId}/checkout',
      tags,
      summary: 'Start checkout: your holds become a pending order with the price locked in, and a payment link',
      description: 'Send an Idempotency-Key: a retried request answers the same order. Free orders are paid at once.',
      request: { params: z.object({ eventId: idParam('evt', 'Event id') }), body: jsonBody(StartCheckoutSchema) },
      responses: {
        201: json(CheckoutStartedSchema, 'Order created'),
        403: problem('The event’s waiting room is on and no valid admission was sent (`Admission` header, or the `vge_admission` cookie from the app’s origin: `admission_required`; the cookie from another origin: `origin_not_allowed`)'),
        409: json(z.any(), 'A hold expired, or a coupon ran out'),
      },
    })),
    async (c) => {
      const ctx = serviceContext(c);
      const eventId = c.req.valid('param').eventId;
      const event = await publicEvent(ctx.db, eventId);
      await requireAdmission(ctx.db, ctx.env, event, (name) => c.req.header(name));
      // The visitor id (unless the buyer opted out) stays with the order until it is paid or let go, so the webhook's
      // steps join the journey (orders.journey_visitor_id).
      const started = await startCheckout({ ctx, eventId, input: c.req.valid('json'), visitorId: requestFacts(c.req.raw.headers).visitorId });
      const step = { organizationId: event.organizationId, eventId };
      recordStep(c, { kind: 'checkout_started', ...step }, ...(started.payment ? [{ kind: 'payment_started' as const, ...step }] : []));
      return c.json(started, 201);
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/public/events/{eventId}/checkout/resend-link',
      tags,
      summary: 'Email me my order link again (a checkout whose answer was lost)',
      description:
        'A retried checkout answers 409 `idempotency_secret_not_replayable`: the order exists, but its link is never sent twice. Name the holds that checkout took and the email given there: if they match an order still waiting for payment, its link is emailed to that address (at most once per order every ten minutes). The answer is 202 whatever was found.',
      request: { params: z.object({ eventId: idParam('evt', 'Event id') }), body: jsonBody(ResendOrderLinkSchema) },
      responses: { 202: json(z.object({ accepted: z.literal(true) }), 'If an order matches, its link is on its way') },
    }),
    async (c) => c.json(await resendOrderLink({ ctx: serviceContext(c), eventId: c.req.valid('param').eventId, input: c.req.valid('json') }), 202),
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/public/events/{eventId}/order-links',
      tags,
      summary: 'Email me my orders: the links to every order this address holds with the event’s organizer',
      description:
        'For a buyer who lost their confirmation email or order link. If the organization behind the event has orders bought with this email address (any of its events; paid, partially refunded, or pending and still payable; at most 20, upcoming events first), one email listing each order with its link goes to that address, at most once per organization and address every ten minutes. The answer is the same 202 whatever was found, and nothing is sent when nothing was found.',
      request: { params: z.object({ eventId: idParam('evt', 'Event id') }), body: jsonBody(EmailOrderLinksSchema) },
      responses: { 202: json(z.object({ accepted: z.literal(true) }), 'If this address has orders with the organizer, an email with their links is on its way') },
    }),
    async (c) => c.json(await emailOrderLinks({ ctx: serviceContext(c), eventId: c.req.valid('param').eventId, input: c.req.valid('json') }), 202),
  )
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/orders/{accessToken}',
      tags,
      summary: 'Your order and tickets (the link from checkout and the confirmation email)',
      request: { params: z.object({ accessToken: AccessTokenParam }) },
      responses: { 200: json(OrderSchema, 'The order'), 404: json(z.any(), 'No order behind this link') },
    }),
    async (c) => {
      c.header('Cache-Control', 'private, no-store');
      return c.json(await buyerOrderView(c.var.db, await orderByAccessToken(c.var.db, c.req.valid('param').accessToken)), 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/orders/{accessToken}/tickets.pdf',
      tags,
      summary: 'Your tickets as a PDF (one page per valid ticket, with its QR code), in English or Afrikaans',
      request: {
        params: z.object({ accessToken: AccessTokenParam }),
        query: z.object({ lang: z.enum(LOCALES).default('en').openapi({ description: 'Language of the PDF' }) }),
      },
      responses: {
        200: { description: 'The tickets', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
        404: json(z.any(), 'No order behind this link, or it has no valid tickets (unpaid, cancelled or refunded)'),
      },
    }),
    async (c) => {
      const order = await orderByAccessToken(c.var.db, c.req.valid('param').accessToken);
      const pdf = await orderTicketsPdf(c.var.db, c.env, order.organizationId, order.id, c.req.valid('query').lang);
      if (!pdf) throw new NotFoundError('Tickets');
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="tickets-${order.id}.pdf"`,
        'Cache-Control': 'private, no-store',
      });
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/webhooks/payments/{provider}',
      tags: ['Webhooks'],
      summary: 'Payment provider webhooks (signature verified, deduplicated by event id)',
      request: { params: z.object({ provider: z.string().min(1).max(64).openapi({ example: 'test' }) }) },
      responses: { 200: json(z.object({ received: z.boolean(), outcome: z.string(), duplicate: z.boolean().optional() }), 'Received'), 400: json(z.any(), 'Bad signature') },
    }),
    async (c) => c.json(await receivePaymentWebhook(serviceContext(c), c.req.valid('param').provider, await c.req.text(), c.req.raw.headers), 200),
  );
