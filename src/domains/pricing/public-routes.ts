/** The storefront's price preview: what an order would cost, line by line, before anything is held. */
import { createRouter, idParam, json, jsonBody, problem, publicRoute, z } from '../../platform/openapi';
import { requireAdmission } from '../waiting-room/enforce';
import { HUMAN_PASS_HEADER, requireHuman } from '../waiting-room/require-human';
import { publicEvent } from '../events/holds';
import { buildQuote } from './build-quote';
import { QuoteRequestSchema, QuoteSchema } from './schemas';

const PublicEventParams = z.object({ eventId: idParam('evt', 'Event id') });

export const publicQuoteRoutes = createRouter().openapi(
  publicRoute({
    method: 'post',
    path: '/public/events/{eventId}/quote',
    tags: ['Storefront'],
    summary: 'Price tickets: pricing rules, coupon, platform fee, VAT and donation, per ticket and in total',
    description:
      'A preview: nothing is held or reserved. A coupon that unlocks hidden ticket types makes them quotable. The checkout prices an order with the same code and locks the result in. ' +
      'Rounding rules: docs/pricing.md. Without an active waiting room (where TURNSTILE_SECRET is set): the `Human-Pass` header a hold answered, or the Turnstile widget’s token as `turnstileToken` (answered with a new pass in the `Human-Pass` header).',
    request: { params: PublicEventParams, body: jsonBody(QuoteRequestSchema) },
    responses: { 200: json(QuoteSchema, 'The quote'), 403: problem('The event’s waiting room is on and no valid admission was sent (`Admission` header, or the `vge_admission` cookie from the app’s origin: `admission_required`; the cookie from another origin: `origin_not_allowed`), or no human proof (`turnstile_failed`)'), 404: json(z.any(), 'No such published event') },
  }),
  async (c) => {
    const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
    const admission = await requireAdmission(c.var.db, c.env, event, (name) => c.req.header(name));
    const { turnstileToken, ...input } = c.req.valid('json');
    const human = await requireHuman(c.env, { eventId: event.id, admitted: admission !== null, pass: c.req.header(HUMAN_PASS_HEADER), turnstileToken, ip: c.req.header('CF-Connecting-IP') ?? null });
    if (human) c.header(HUMAN_PASS_HEADER, human.pass);
    c.header('Cache-Control', 'no-store');
    return c.json(await buildQuote(c.var.db, c.env, event, input, Date.now()), 200);
  },
);
