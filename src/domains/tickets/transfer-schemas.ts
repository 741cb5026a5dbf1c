/** Ticket-transfer shapes: the organizer's per-event policy, the holder's request, and what the recipient's link shows. */
import { z } from '../../platform/openapi';
import { EmailSchema, IsoDateTime, LocaleSchema, PersonNameSchema } from '../shared-schemas';

/** A phone number as people write it: digits with an optional leading +, spaces, dashes, dots and brackets. */
const PhoneSchema = z
  .string()
  .trim()
  .min(7)
  .max(32)
  .regex(/^\+?[0-9][0-9 ()./-]{5,30}$/, 'Use a phone number like +27 82 123 4567')
  .openapi({ example: '+27 82 123 4567' });

export const TransferPolicySchema = z
  .object({
    eventId: z.string(),
    allowed: z.boolean().openapi({ description: 'Whether buyers may transfer this event’s tickets (default true)' }),
    cutoffMinutes: z.number().int().openapi({ description: 'Transfers close this many minutes before doors (or the start, without doors); default 60' }),
    closesAt: IsoDateTime.openapi({ description: 'When transfers close, from the event’s doors or start and the cut-off' }),
    open: z.boolean().openapi({ description: 'Whether a transfer would be accepted now (allowed, before the cut-off, the event not cancelled or over)' }),
    updatedAt: IsoDateTime.nullable().openapi({ description: 'Null while the event runs on the defaults' }),
  })
  .openapi('TransferPolicy');

export const PutTransferPolicySchema = z
  .object({
    allowed: z.boolean(),
    cutoffMinutes: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 60)
      .openapi({ description: 'Minutes before doors (or the start) when transfers close; 0 to 86400 (60 days)', example: 120 }),
  })
  .strict()
  .openapi('PutTransferPolicy', { example: { allowed: true, cutoffMinutes: 120 } });

export const TransferTicketSchema = z
  .object({
    name: PersonNameSchema,
    email: EmailSchema,
    phone: PhoneSchema.optional(),
    locale: LocaleSchema.optional().openapi({ description: 'The language of the recipient’s email (default: the order’s)' }),
  })
  .strict()
  .openapi('TransferTicket', { example: { name: 'Pieter Botha', email: 'pieter@example.com', phone: '+27 82 123 4567' } });

const transferredTo = () => z.object({ name: z.string(), transferredAt: IsoDateTime });

export const TicketTransferredSchema = z
  .object({
    ticketId: z.string(),
    transferredTo: transferredTo(),
    emailed: z.literal(true).openapi({ description: 'The recipient is emailed the ticket with its new QR code and a link of their own' }),
  })
  .openapi('TicketTransferred');

export const HeldTicketSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    ticketTypeId: z.string(),
    ticketTypeName: z.string().nullable(),
    seatId: z.string().nullable(),
    holderName: z.string().openapi({ description: 'The person this link was made for' }),
    status: z.enum(['valid', 'transferred', 'cancelled']).openapi({ description: '`transferred`: its holder passed it on (no QR here any more); `cancelled`: refunded or cancelled' }),
    qrToken: z.string().nullable().openapi({ description: 'The ticket’s current QR token, while this link’s holder holds it and it is valid' }),
    transferredTo: transferredTo().nullable(),
    receivedAt: IsoDateTime,
    transfer: TransferPolicySchema.omit({ updatedAt: true }).openapi({ description: 'Whether this ticket may be passed on again now' }),
  })
  .openapi('HeldTicket');
