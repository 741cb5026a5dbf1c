/** Refund policy and refund request shapes, in and out. */
import { z } from '../../platform/openapi';
import { REFUND_POLICY_MODES, REFUND_REQUEST_STATUSES } from '../../db/schema/refund-policies';
import { safeText, IsoDateTime } from '../shared-schemas';

const Money = z.number().int();

export const RefundPolicyInputSchema = z
  .object({
    mode: z.enum(REFUND_POLICY_MODES).openapi({ description: '`none`: no automatic refunds (buyers may still ask the organizer); `until_days_before`: refunded at once until `daysBefore` days before the start' }),
    daysBefore: z.number().int().min(0).max(365).default(0).openapi({ description: 'Calendar days before the start, on the wall clock of the event’s time zone; 0 = until the start' }),
    feeBasisPoints: z.number().int().min(0).max(10_000).default(0).openapi({ description: 'Kept per ticket, in basis points of its refundable amount (250 = 2.5 %), rounded half up to the cent' }),
    feeFixedMinor: z.number().int().min(0).max(100_000_000).default(0).openapi({ description: 'Kept per ticket as well, in minor units of the event’s currency' }),
    refundBookingFee: z.boolean().default(false).openapi({ description: 'Whether the booking fee the buyer paid comes back too' }),
  })
  .strict()
  .openapi('RefundPolicyInput', { example: { mode: 'until_days_before', daysBefore: 7, feeBasisPoints: 500, feeFixedMinor: 0, refundBookingFee: false } });
export type RefundPolicyInput = z.infer<typeof RefundPolicyInputSchema>;

export const RefundPolicySchema = z
  .object({
    eventId: z.string(),
    mode: z.enum(REFUND_POLICY_MODES),
    daysBefore: z.number().int(),
    feeBasisPoints: z.number().int(),
    feeFixedMinor: Money,
    refundBookingFee: z.boolean(),
    deadline: IsoDateTime.nullable().openapi({ description: 'When automatic refunds end (null for `none`)' }),
  })
  .openapi('RefundPolicy');

export const RefundRequestViewSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    eventId: z.string(),
    ticketIds: z.array(z.string()),
    reason: z.string().nullable(),
    status: z.enum(REFUND_REQUEST_STATUSES),
    withinPolicy: z.boolean(),
    baseMinor: Money,
    feeMinor: Money,
    quotedMinor: Money,
    currency: z.string(),
    refundId: z.string().nullable(),
    refundedMinor: Money.nullable(),
    declineReason: z.string().nullable(),
    decidedAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
  })
  .openapi('BuyerRefundRequest');

export const TicketQuoteSchema = z.object({ ticketId: z.string(), baseMinor: Money, feeMinor: Money, refundMinor: Money, refundable: z.boolean(), why: z.enum(['checked_in', 'refunded', 'requested']).nullable() });

export const BuyerRefundOptionsSchema = z
  .object({
    policy: RefundPolicySchema,
    withinPolicy: z.boolean().openapi({ description: 'A request now is refunded at once (otherwise it goes to the organizer)' }),
    currency: z.string(),
    tickets: z.array(TicketQuoteSchema).openapi({ description: 'Per valid ticket: what it gives back now, or why it cannot be asked for' }),
    requests: z.array(RefundRequestViewSchema),
  })
  .openapi('BuyerRefundOptions');

export const FileRefundRequestSchema = z
  .object({
    ticketIds: z.array(z.string().min(1).max(64)).min(1).max(200).optional().openapi({ description: 'These tickets; all refundable tickets of the order when left out' }),
    reason: safeText(z.string().trim().min(1).max(500), { multiline: true }).optional(),
  })
  .strict()
  .openapi('FileRefundRequest', { example: { ticketIds: ['tkt_01jx0000000000000000000000'], reason: 'I cannot make it' } });
export type FileRefundRequest = z.infer<typeof FileRefundRequestSchema>;

export const ApproveRefundRequestSchema = z
  .object({ amountMinor: z.number().int().min(0).max(1_000_000_000).optional().openapi({ description: 'Pay this instead of the quote (at most what the tickets cost)' }) })
  .strict()
  .openapi('ApproveRefundRequest', { example: {} });

export const DeclineRefundRequestSchema = z
  .object({ reason: safeText(z.string().trim().min(1, 'Say why').max(500), { multiline: true }) })
  .strict()
  .openapi('DeclineRefundRequest', { example: { reason: 'The event is in two days; tickets can be transferred instead.' } });

export const RefundRequestListQuery = z.object({
  status: z.enum(REFUND_REQUEST_STATUSES).default('open'),
  orderId: z.string().max(64).optional(),
  eventId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
});
