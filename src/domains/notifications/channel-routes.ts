/**
 * SMS and WhatsApp routes: the opt-in wording and the channels on offer (storefront), the buyer's choice on the order
 * page (behind the order's link: change channel or number, opt out), and the dev phone outbox (owners and admins).
 */
import { PHONE_CHANNELS } from '../../db/schema/channels';
import { developmentOnly } from '../../platform/app-env';
import { createRouter, json, jsonBody, OrgParams, pageOf, publicRoute, tenantRoute, z } from '../../platform/openapi';
import { serviceContext, tenantContext } from '../../platform/tenant';
import { IsoDateTime } from '../shared-schemas';
import { orderByAccessToken } from '../orders/views';
import { changeOrderChannel, ChannelChoiceSchema, CONSENT_WORDING, CONSENT_WORDING_VERSION, optOutOrderChannel, orderChannelView, WAITLIST_CONSENT_WORDING } from './channel-consent';
import { channelAvailable } from './phone-providers';
import { listPhoneOutbox } from './phone-outbox';

const tags = ['Notifications'];
const AccessTokenParams = z.object({ accessToken: z.string().min(16).max(128).openapi({ example: 'x5r0Qm2w9Zb7hP3kTq1vN8cLd6fYs4aJ' }) });
const Channel = z.enum(PHONE_CHANNELS);
const Wording = z.object({ sms: z.string(), whatsapp: z.string() });

const ChannelsOfferSchema = z
  .object({
    available: z.array(Channel).openapi({ description: 'The channels this deployment can send on (email always)' }),
    wordingVersion: z.string(),
    wording: z.object({ en: Wording, af: Wording }).openapi({ description: 'The opt-in sentence to show beside the checkbox, per language and channel' }),
    waitlistWording: z.object({ en: Wording, af: Wording }).openapi({ description: 'The same, for the waiting list’s offer (joining a waiting list; same version)' }),
  })
  .openapi('NotificationChannelsOffer');

const OrderChannelsSchema = z
  .object({
    channel: Channel.nullable().openapi({ description: 'null: email only' }),
    phone: z.string().nullable().openapi({ description: 'Masked, e.g. +27 82 *** 4567' }),
    optedInAt: IsoDateTime.nullable(),
    optedOutAt: IsoDateTime.nullable(),
    available: z.array(Channel),
    wordingVersion: z.string(),
    history: z.array(z.object({ action: z.enum(['opt_in', 'change', 'opt_out']), channel: Channel, at: IsoDateTime })),
  })
  .openapi('OrderChannels');

const PhoneOutboxMessageSchema = z
  .object({
    id: z.string(),
    notificationId: z.string(),
    channel: Channel,
    recipient: z.string().openapi({ example: '+27821234567' }),
    template: z.string().openapi({ example: 'ticket_link' }),
    locale: z.string(),
    text: z.string(),
    redacted: z.boolean(),
    encoding: z.enum(['gsm7', 'ucs2']).openapi({ description: 'The SMS alphabet the text needs' }),
    segments: z.number().int().openapi({ description: 'SMS parts it takes (at most 2 by design)' }),
    createdAt: IsoDateTime,
  })
  .openapi('PhoneOutboxMessage');

const PhoneOutboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
  to: z.string().max(20).optional().openapi({ description: 'Only messages to this E.164 number' }),
  channel: Channel.optional(),
});

export const channelRoutes = createRouter()
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/notification-channels',
      tags,
      summary: 'The SMS/WhatsApp channels a buyer may choose at checkout or when joining a waiting list, and the opt-in wording to show',
      responses: { 200: json(ChannelsOfferSchema, 'What is on offer') },
    }),
    async (c) => c.json({ available: PHONE_CHANNELS.filter((ch) => channelAvailable(c.env, ch)), wordingVersion: CONSENT_WORDING_VERSION, wording: CONSENT_WORDING, waitlistWording: WAITLIST_CONSENT_WORDING }, 200),
  )
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/orders/{accessToken}/channels',
      tags,
      summary: 'Your SMS/WhatsApp choice for this order (behind the order link)',
      request: { params: AccessTokenParams },
      responses: { 200: json(OrderChannelsSchema, 'The choice'), 404: json(z.any(), 'No order behind this link') },
    }),
    async (c) => {
      c.header('Cache-Control', 'private, no-store');
      const ctx = serviceContext(c);
      return c.json(await orderChannelView(ctx, await orderByAccessToken(ctx.db, c.req.valid('param').accessToken)), 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'put',
      path: '/public/orders/{accessToken}/channels',
      tags,
      summary: 'Choose SMS or WhatsApp (or another number) for this order’s ticket link and reminders, with the ticked opt-in',
      request: { params: AccessTokenParams, body: jsonBody(ChannelChoiceSchema) },
      responses: { 200: json(OrderChannelsSchema, 'Saved'), 404: json(z.any(), 'No order behind this link') },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      return c.json(await changeOrderChannel(ctx, await orderByAccessToken(ctx.db, c.req.valid('param').accessToken), c.req.valid('json')), 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'delete',
      path: '/public/orders/{accessToken}/channels',
      tags,
      summary: 'Stop SMS and WhatsApp messages for this order (email continues); messages already queued are not sent',
      request: { params: AccessTokenParams },
      responses: { 200: json(OrderChannelsSchema, 'Opted out'), 404: json(z.any(), 'No order behind this link') },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      return c.json(await optOutOrderChannel(ctx, await orderByAccessToken(ctx.db, c.req.valid('param').accessToken)), 200);
    },
  )
  .openapi(
    tenantRoute('mailbox.read', {
      method: 'get',
      path: '/orgs/{orgId}/phone-outbox',
      tags,
      summary: 'The dev phone outbox: every SMS and WhatsApp message kept for this organization while SMS_PROVIDER/WHATSAPP_PROVIDER is "outbox", newest first',
      request: { params: OrgParams, query: PhoneOutboxQuery },
      responses: { 200: json(pageOf(PhoneOutboxMessageSchema), 'A page of messages') },
    }, { before: [developmentOnly()] }),
    async (c) => c.json(await listPhoneOutbox(tenantContext(c), c.req.valid('query')), 200),
  );
