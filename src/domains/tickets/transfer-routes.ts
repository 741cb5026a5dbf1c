/** Ticket transfer routes: the organizer's per-event policy, and the holder's side (order link or ticket link). */
import { createRouter, idParam, json, jsonBody, OrgParams, problem, publicRoute, tenantRoute, z } from '../../platform/openapi';
import { serviceContext, tenantContext } from '../../platform/tenant';
import { LOCALES } from '../../db/schema/tenancy';
import { NotFoundError } from '../../platform/errors';
import { publicEvent } from '../events/holds';
import { transferredTicketPdf } from '../notifications/compose';
import { orderByAccessToken } from '../orders/views';
import { heldTicketView } from './held-ticket';
import { transferByLinkToken } from './ticket-link';
import { transferTicket } from './transfer';
import { getTransferPolicy, putTransferPolicy, transferPolicyOf, transferPolicyView } from './transfer-policy';
import { HeldTicketSchema, PutTransferPolicySchema, TicketTransferredSchema, TransferPolicySchema, TransferTicketSchema } from './transfer-schemas';

const EventParams = OrgParams.extend({ eventId: idParam('evt', 'Event id') });
const LinkToken = z.string().min(16).max(128).openapi({ example: 'x5r0Qm2w9Zb7hP3kTq1vN8cLd6fYs4aJ' });
const TicketParam = idParam('tkt', 'Ticket id');
const PublicPolicySchema = TransferPolicySchema.omit({ updatedAt: true }).openapi('PublicTransferPolicy');
const refusals = {
  404: problem('No such order link, ticket link or ticket'),
  409: problem(
    'Not transferable now: `ticket_already_transferred`, `ticket_cancelled` (cancelled or refunded), `ticket_refund_pending`, `ticket_checked_in`, `transfer_cutoff_passed`, `event_not_transferable` (over or cancelled), `ticket_changed` (a concurrent transfer, re-issue or refund won)',
  ),
  422: problem('`transfers_not_allowed`: the organizer does not allow transfers for this event; or the recipient is not valid'),
};
const transferDescription =
  'Names a new holder (name, email, optional phone). The ticket gets a new QR code (secret version + 1): every older copy scans `revoked` online at once and offline after the scanners’ next sync. The recipient is emailed the ticket (PDF) and a link of their own that opens only this ticket. Send an Idempotency-Key: a retry answers the same. Audited (`ticket.transferred`), webhook `ticket.transferred`; no money moves.';

export const transferPolicyRoutes = createRouter()
  .openapi(
    tenantRoute('events.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/transfer-policy',
      tags: ['Events'],
      summary: 'Whether buyers may transfer this event’s tickets, and until how long before doors (defaults when never set)',
      request: { params: EventParams },
      responses: { 200: json(TransferPolicySchema, 'The policy') },
    }),
    async (c) => c.json(await getTransferPolicy({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId }), 200),
  )
  .openapi(
    tenantRoute('events.manage', {
      method: 'put',
      path: '/orgs/{orgId}/events/{eventId}/transfer-policy',
      tags: ['Events'],
      summary: 'Allow or deny ticket transfers for this event and set the cut-off before doors',
      description: 'Audited (`event.transfer_policy_updated`). Applies to transfers from then on; transfers already made stand.',
      request: { params: EventParams, body: jsonBody(PutTransferPolicySchema) },
      responses: { 200: json(TransferPolicySchema, 'Saved') },
    }),
    async (c) => c.json(await putTransferPolicy({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId, input: c.req.valid('json') }), 200),
  );

const tags = ['Storefront'];

export const publicTransferRoutes = createRouter()
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/events/{eventId}/transfer-policy',
      tags,
      summary: 'Whether this event’s tickets can be transferred now, and until when',
      request: { params: z.object({ eventId: idParam('evt', 'Event id') }) },
      responses: { 200: json(PublicPolicySchema, 'The policy'), 404: problem('No such published event') },
    }),
    async (c) => {
      const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
      const { updatedAt: _u, ...view } = transferPolicyView(event.id, await transferPolicyOf(c.var.db, event.organizationId, event.id), event);
      return c.json(view, 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/public/orders/{accessToken}/tickets/{ticketId}/transfer',
      tags,
      summary: 'Transfer one of your tickets to someone else (from the order page)',
      description: transferDescription,
      request: { params: z.object({ accessToken: LinkToken, ticketId: TicketParam }), body: jsonBody(TransferTicketSchema) },
      responses: { 201: json(TicketTransferredSchema, 'Transferred'), ...refusals },
    }),
    async (c) => {
      const { accessToken, ticketId } = c.req.valid('param');
      const order = await orderByAccessToken(c.var.db, accessToken);
      return c.json(await transferTicket({ ctx: serviceContext(c), holder: { kind: 'buyer', order }, ticketId, input: c.req.valid('json') }), 201);
    },
  )
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/tickets/{ticketToken}',
      tags,
      summary: 'A transferred ticket, from its recipient’s own link (that one ticket, never the order)',
      request: { params: z.object({ ticketToken: LinkToken }) },
      responses: { 200: json(HeldTicketSchema, 'The ticket'), 404: problem('No ticket behind this link') },
    }),
    async (c) => {
      c.header('Cache-Control', 'private, no-store');
      return c.json(await heldTicketView(c.var.db, await transferByLinkToken(c.var.db, c.req.valid('param').ticketToken)), 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/tickets/{ticketToken}/ticket.pdf',
      tags,
      summary: 'A transferred ticket as a PDF with its QR code, in English or Afrikaans',
      request: {
        params: z.object({ ticketToken: LinkToken }),
        query: z.object({ lang: z.enum(LOCALES).default('en').openapi({ description: 'Language of the PDF' }) }),
      },
      responses: {
        200: { description: 'The ticket', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
        404: problem('No ticket behind this link, or it was passed on, cancelled or refunded'),
      },
    }),
    async (c) => {
      const transfer = await transferByLinkToken(c.var.db, c.req.valid('param').ticketToken);
      const pdf = await transferredTicketPdf(c.var.db, c.env, transfer, c.req.valid('query').lang);
      if (!pdf) throw new NotFoundError('Ticket');
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="ticket-${transfer.ticketId}.pdf"`,
        'Cache-Control': 'private, no-store',
      });
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/public/tickets/{ticketToken}/transfer',
      tags,
      summary: 'Pass a ticket you were given on to someone else (from your ticket link)',
      description: `${transferDescription} Your own link then shows the ticket as transferred, without its QR code.`,
      request: { params: z.object({ ticketToken: LinkToken }), body: jsonBody(TransferTicketSchema) },
      responses: { 201: json(TicketTransferredSchema, 'Transferred'), ...refusals },
    }),
    async (c) => {
      const transfer = await transferByLinkToken(c.var.db, c.req.valid('param').ticketToken);
      return c.json(await transferTicket({ ctx: serviceContext(c), holder: { kind: 'recipient', transfer }, ticketId: transfer.ticketId, input: c.req.valid('json') }), 201);
    },
  );
