/** zod input/output of the waiting list (docs/buyers.md "Waiting list"). */
import { z } from '../../platform/openapi';
import { WAITLIST_ENTRY_STATUSES } from '../../db/schema/waitlists';
import { ChannelChoiceSchema } from '../notifications/channel-consent';
import { EmailSchema, IsoDateTime, LocaleSchema, PersonNameSchema } from '../shared-schemas';

export const JoinWaitlistSchema = z
  .object({
    email: EmailSchema,
    name: PersonNameSchema,
    quantity: z.number().int().min(1).max(50).openapi({ example: 2, description: 'Places wanted together (offered as one group, never split)' }),
    ticketTypeId: z.string().min(1).max(64).nullable().optional().openapi({ description: 'The sold-out ticket type; null or absent: any ticket type' }),
    locale: LocaleSchema.optional(),
    notify: ChannelChoiceSchema.optional().openapi({ description: 'Also send the offer by SMS or WhatsApp (email always): a number and the ticked opt-in (`waitlistWording` of GET /public/notification-channels)' }),
    turnstileToken: z.string().min(1).max(2048).optional().openapi({ description: 'Where TURNSTILE_SECRET is set and the event has no active waiting room: the Turnstile widget’s token' }),
  })
  .strict()
  .openapi('JoinWaitlist', { example: { email: 'thandi@example.com', name: 'Thandi Nkosi', quantity: 2 } });
export type JoinWaitlist = z.infer<typeof JoinWaitlistSchema>;

export const WaitlistStatusSchema = z.enum(WAITLIST_ENTRY_STATUSES);

/** What the buyer sees of their entry (no email: the answer goes to whoever asked). */
export const JoinedWaitlistSchema = z
  .object({
    id: z.string(),
    status: WaitlistStatusSchema,
    position: z.number().int().openapi({ description: 'Place in line among everyone who joined this event’s list' }),
    quantity: z.number().int(),
    ticketTypeId: z.string().nullable(),
  })
  .openapi('JoinedWaitlist');

export const WaitlistEntrySchema = JoinedWaitlistSchema.extend({
  email: z.string(),
  name: z.string(),
  locale: z.string(),
  offerExpiresAt: IsoDateTime.nullable(),
  offers: z.number().int(),
  orderId: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
}).openapi('WaitlistEntry');
export type WaitlistEntryOut = z.infer<typeof WaitlistEntrySchema>;

export const WaitlistSettingsSchema = z
  .object({
    enabled: z.boolean(),
    offerMinutes: z.number().int(),
    keptBack: z.record(z.string(), z.number().int()).openapi({ description: 'Places the inventory keeps back for the list now, by ticket type (`*`: for “any” entries)' }),
  })
  .openapi('WaitlistSettings');

export const UpdateWaitlistSettingsSchema = z
  .object({
    enabled: z.boolean().optional(),
    offerMinutes: z.number().int().min(5).max(7 * 24 * 60).optional().openapi({ example: 30, description: 'How long an offer holds its places for the buyer' }),
  })
  .strict()
  .openapi('UpdateWaitlistSettings', { example: { enabled: true, offerMinutes: 30 } });
export type UpdateWaitlistSettings = z.infer<typeof UpdateWaitlistSettingsSchema>;

export const WaitlistOfferSchema = z
  .object({
    eventId: z.string(),
    entryId: z.string(),
    status: WaitlistStatusSchema,
    holdId: z.string().openapi({ description: 'Check out with this hold (POST /public/events/{eventId}/checkout, `holds: [holdId]`)' }),
    ticketTypeId: z.string(),
    quantity: z.number().int(),
    seats: z.array(z.string()),
    expiresAt: IsoDateTime,
    buyerName: z.string(),
    buyerEmail: z.string(),
    humanPass: z.string().optional().openapi({ description: 'Where TURNSTILE_SECRET is set: send as the `Human-Pass` header on this event’s quote and checkout (the join passed the check)' }),
    humanPassExpiresAt: IsoDateTime.optional(),
  })
  .openapi('WaitlistOffer');

export const SignatureQuery = z.object({ signature: z.string().max(128).optional().openapi({ description: 'From the email’s link' }) });
export const OfferQuery = SignatureQuery.extend({ hold: z.string().max(64).optional().openapi({ description: 'The offer’s hold, from the email’s link' }) });
