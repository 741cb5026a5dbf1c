/** Public buyer routes: event page, seat map, holds, and the live seat-map WebSocket. No authentication, no buyer data. */
import { createRouter, idParam, json, jsonBody, publicRoute, z } from '../../platform/openapi';
import { AppError } from '../../platform/errors';
import { createHold, eventPage, extendHold, getHold, publicEvent, releaseHold, seatMapWithSections } from './holds';
import { inventory } from './inventory-client';
import { CreateHoldSchema, HoldSchema, PublicEventSchema, SeatMapSchema } from './schemas';

const PublicEventParams = z.object({ eventId: idParam('evt', 'Event id') });
const PublicHoldParams = PublicEventParams.extend({ holdId: idParam('hld', 'Hold id') });
const tags = ['Storefront'];

/** Seat statuses change by the second: a brief edge cache takes the load of a flash sale off the inventory. */
const SHORT_CACHE = 'public, max-age=2, s-maxage=2';

export const publicEventRoutes = createRouter()
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/events/{eventId}',
      tags,
      summary: 'Event page: details in the venue’s timezone, venue, ticket types with what is left',
      request: { params: PublicEventParams },
      responses: { 200: json(PublicEventSchema, 'The event'), 404: json(z.any(), 'No such published event') },
    }),
    async (c) => {
      const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
      c.header('Cache-Control', SHORT_CACHE);
      return c.json(await eventPage(c.var.db, c.env, event), 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/events/{eventId}/seat-map',
      tags,
      summary: 'Seat geometry with current statuses',
      request: { params: PublicEventParams },
      responses: { 200: json(SeatMapSchema, 'The seat map'), 404: json(z.any(), 'No such published event') },
    }),
    async (c) => {
      const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
      c.header('Cache-Control', SHORT_CACHE);
      return c.json(await seatMapWithSections(c.var.db, c.env, event), 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/public/events/{eventId}/holds',
      tags,
      summary: 'Hold seats or GA places for a few minutes while you check out',
      description: 'Send an `Idempotency-Key` header to retry safely: the same key answers the same hold.',
      request: { params: PublicEventParams, body: jsonBody(CreateHoldSchema) },
      responses: { 201: json(HoldSchema, 'Held'), 409: json(z.any(), 'Not available (seats taken, sold out, not on sale)') },
    }),
    async (c) => {
      const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
      return c.json(await createHold(c.env, event, c.req.valid('json'), c.req.header('Idempotency-Key')), 201);
    },
  )
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/events/{eventId}/holds/{holdId}',
      tags,
      summary: 'A hold and its expiry',
      request: { params: PublicHoldParams },
      responses: { 200: json(HoldSchema, 'The hold') },
    }),
    async (c) => {
      const { eventId, holdId } = c.req.valid('param');
      return c.json(await getHold(c.env, await publicEvent(c.var.db, eventId), holdId), 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/public/events/{eventId}/holds/{holdId}/extend',
      tags,
      summary: 'Extend a hold once (by one hold period, bounded)',
      request: { params: PublicHoldParams },
      responses: { 200: json(HoldSchema, 'Extended (repeating answers the same)'), 409: json(z.any(), 'No longer active') },
    }),
    async (c) => {
      const { eventId, holdId } = c.req.valid('param');
      return c.json(await extendHold(c.env, await publicEvent(c.var.db, eventId), holdId), 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'delete',
      path: '/public/events/{eventId}/holds/{holdId}',
      tags,
      summary: 'Release a hold (the seats go back on sale at once)',
      request: { params: PublicHoldParams },
      responses: { 200: json(HoldSchema, 'Released (repeating answers the same)') },
    }),
    async (c) => {
      const { eventId, holdId } = c.req.valid('param');
      return c.json(await releaseHold(c.env, await publicEvent(c.var.db, eventId), holdId), 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'get',
      path: '/events/{eventId}/live',
      tags,
      summary: 'Live seat-map channel (WebSocket): a snapshot, then a delta for every change',
      description: 'Messages follow the LiveMessage union in src/shared/live-protocol.ts. No buyer data travels on it.',
      request: { params: PublicEventParams },
      responses: { 101: { description: 'Switching to the WebSocket protocol' }, 426: json(z.any(), 'Not a WebSocket upgrade') },
    }),
    async (c) => {
      const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
      if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') {
        throw new AppError(426, 'upgrade_required', 'Upgrade required', 'Open this URL as a WebSocket.', undefined, { Upgrade: 'websocket' });
      }
      return inventory(c.env, event.organizationId, event.id).fetch(c.req.raw) as unknown as Response;
    },
  );
