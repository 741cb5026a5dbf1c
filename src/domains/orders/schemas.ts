/** Checkout, order, ticket and refund shapes, in and out. */
import { z } from '../../platform/openapi';
import { ORDER_STATUSES, PAYMENT_STATUSES, REFUND_STATUSES, TICKET_STATUSES } from '../../db/schema/orders';
import { ChannelChoiceSchema } from '../notifications/channel-consent';
import { safeText, EmailSchema, IsoDateTime, LocaleSchema, PersonNameSchema } from '../shared-schemas';

export const StartCheckoutSchema = z
  .object({
    holds: z.array(z.string().min(1).max(64)).min(1).max(20).openapi({ description: 'The holds to buy (from POST /public/events/{eventId}/holds)' }),
    buyer: z.object({ name: PersonNameSchema, email: EmailSchema }).strict(),
    attendees: z
      .array(z.object({ holdId: z.string().min(1).max(64), seatId: z.string().max(60).optional(), index: z.number().int().min(0).max(49).optional(), name: PersonNameSchema }).strict())
      .max(200)
      .optional()
      .openapi({ description: 'Optional attendee name per ticket: by seat (seated holds) or by index within a GA hold' }),
    couponCode: z.string().trim().min(1).max(32).optional(),
    donationMinor: z.number().int().min(0).max(10_000_000).optional(),
    locale: LocaleSchema.optional(),
    notify: ChannelChoiceSchema.optional().openapi({ description: 'Also send the ticket link and reminders by SMS or WhatsApp (email always): a number and the ticked opt-in' }),
  })
  .strict()
  .openapi('StartCheckout', {
    example: { holds: ['hld_01jx0000000000000000000000'], buyer: { name: 'Thandi Nkosi', email: 'thandi@example.com' }, donationMinor: 0 },
  });
export type StartCheckout = z.infer<typeof StartCheckoutSchema>;

const Money = z.number().int();

export const OrderLineSchema = z
  .object({
    id: z.string(),
    ticketTypeId: z.string(),
    seatId: z.string().nullable(),
    attendeeName: z.string().nullable(),
    unitPriceMinor: Money,
    discountMinor: Money,
    buyerFeeMinor: Money,
    vatMinor: Money,
    totalMinor: Money,
  })
  .openapi('OrderLine');

export const TicketSchema = z
  .object({
    id: z.string(),
    ticketTypeId: z.string(),
    seatId: z.string().nullable(),
    attendeeName: z.string().nullable(),
    status: z.enum(TICKET_STATUSES),
    qrToken: z.string().nullable().openapi({ description: 'The signed token the QR code carries (docs/tickets.md); null on the buyer’s order page for a ticket they transferred' }),
    secretVersion: z.number().int().openapi({ description: 'Starts at 1; a re-issue raises it and revokes every older token' }),
    issuedAt: IsoDateTime,
    transferredTo: z
      .object({ name: z.string(), transferredAt: IsoDateTime })
      .nullable()
      .openapi({ description: 'Whom the buyer transferred this ticket to (docs/buyers.md, "Ticket transfer"); null while it is theirs' }),
  })
  .openapi('Ticket');

export const PaymentSchema = z
  .object({ id: z.string(), provider: z.string(), status: z.enum(PAYMENT_STATUSES), amountMinor: Money, currency: z.string(), redirectUrl: z.string(), createdAt: IsoDateTime })
  .openapi('Payment');

export const RefundSchema = z
  .object({ id: z.string(), amountMinor: Money, currency: z.string(), reason: z.string(), ticketIds: z.array(z.string()), status: z.enum(REFUND_STATUSES), createdAt: IsoDateTime })
  .openapi('Refund');

export const OrderSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    status: z.enum(ORDER_STATUSES),
    buyerName: z.string(),
    buyerEmail: z.string(),
    currency: z.string(),
    subtotalMinor: Money,
    discountMinor: Money,
    buyerFeeMinor: Money,
    vatMinor: Money,
    donationMinor: Money,
    totalMinor: Money,
    refundedMinor: Money,
    expiresAt: IsoDateTime,
    paidAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
    lines: z.array(OrderLineSchema),
    tickets: z.array(TicketSchema),
  })
  .openapi('Order');

export const OrganizerOrderSchema = OrderSchema.extend({
  organizerFeeMinor: Money,
  payments: z.array(PaymentSchema),
  refunds: z.array(RefundSchema),
}).openapi('OrganizerOrder');

export const ResendOrderLinkSchema = z
  .object({
    holds: z.array(z.string().min(1).max(64)).min(1).max(20).openapi({ description: 'The holds the checkout took' }),
    email: EmailSchema,
  })
  .strict()
  .openapi('ResendOrderLink', { example: { holds: ['hld_01jx0000000000000000000000'], email: 'thandi@example.com' } });

export const EmailOrderLinksSchema = z
  .object({
    email: EmailSchema.openapi({ description: 'The email address the orders were bought with (any case)' }),
    locale: LocaleSchema.optional().openapi({ description: 'The language of the email (default: that of the newest order found)' }),
  })
  .strict()
  .openapi('EmailOrderLinks', { example: { email: 'thandi@example.com', locale: 'en' } });

export const CheckoutStartedSchema = z
  .object({
    order: OrderSchema,
    /** The buyer's order link token: keep it, it is the only way back to the order without an account. */
    accessToken: z.string(),
    orderUrl: z.string(),
    payment: z.object({ provider: z.string(), redirectUrl: z.string() }).nullable().openapi({ description: 'Null when nothing is due (a free order is paid at once)' }),
  })
  .openapi('CheckoutStarted');

export const RefundRequestSchema = z
  .object({
    ticketIds: z.array(z.string().min(1).max(64)).min(1).max(200).optional().openapi({ description: 'Refund these tickets (their price, fees and VAT) and put their seats back on sale' }),
    amountMinor: z.number().int().min(1).optional().openapi({ description: 'Or refund an amount, keeping the tickets' }),
    reason: safeText(z.string().trim().min(1).max(500), { multiline: true }),
  })
  .strict()
  .refine((v) => v.ticketIds === undefined || v.amountMinor === undefined, { message: 'Send ticketIds or amountMinor, not both', path: ['amountMinor'] })
  .openapi('RefundRequest', { example: { reason: 'Buyer cannot attend' } });
export type RefundRequest = z.infer<typeof RefundRequestSchema>;

export const OrderSearchQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
  q: z.string().trim().max(120).optional().openapi({ description: 'Buyer email or name (prefix), or an order id' }),
  status: z.enum(ORDER_STATUSES).optional(),
  eventId: z.string().max(64).optional(),
});

export const ReissueTicketSchema = z
  .object({ reason: safeText(z.string().trim().min(1, 'Say why').max(500), { multiline: true }).openapi({ example: 'The buyer posted the QR code online' }) })
  .strict()
  .openapi('ReissueTicket', { example: { reason: 'The buyer posted the QR code online' } });
