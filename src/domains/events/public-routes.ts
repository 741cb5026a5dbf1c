/** Public buyer routes: event page, seat map, holds, and the live seat-map WebSocket. No authentication, no buyer data. */
import { createRouter, idParam, inventoryOnly, json, jsonBody, problem, publicRoute, z } from '../../platform/openapi';
import { createHold, eventPage, extendHold, getHold, publicEvent, releaseHold } from './holds';
import { openLiveChannel } from './live-channel';
import { requireAdmission } from '../waiting-room/enforce';
import { publicRoom } from '../waiting-room/public-room';
import { HUMAN_PASS_HEADER, requireHuman } from '../waiting-room/require-human';
import { servePublicSeatMap } from './seat-map-snapshot';
import { CreateHoldSchema, HeldSchema, HoldSchema, LiveQuery, PublicEventQuery, PublicEventSchema, PublicSeatMapSchema } from './schemas';
import { waitUntilOf } from '../../platform/wait-until';
import { recordStep } from '../analytics/record-step';

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
      description: 'With `?code=` (an access code: a coupon that unlocks hidden ticket types) the hidden types it unlocks are listed too.',
      request: { params: PublicEventParams, query: PublicEventQuery },
      responses: { 200: json(PublicEventSchema, 'The event'), 404: json(z.any(), 'No such published event'), 422: problem('An access code that cannot be used (`coupon_unknown`, `coupon_exhausted`, …)') },
    }),
    async (c) => {
      const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
      const { code } = c.req.valid('query');
      // A page unlocked by a code is that buyer's alone: never in a shared cache.
      c.header('Cache-Control', code ? 'private, no-store' : SHORT_CACHE);
      return c.json(await eventPage(c.var.db, c.env, event, code), 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/events/{eventId}/seat-map',
      tags,
      summary: 'Seat geometry with each seat available or unavailable, and the visible ticket types’ availability',
      description:
        'A snapshot at the public live channel’s `version`: follow it with the live channel from that version (`?since=`). ' +
        'ETag `"<version>"` (send If-None-Match for a 304), gzip when accepted; the same version is never rebuilt.',
      request: { params: PublicEventParams },
      responses: {
        200: json(PublicSeatMapSchema, 'The seat map'),
        304: { description: 'Not modified: If-None-Match names the current version' },
        404: json(z.any(), 'No such published event'),
      },
    }),
    async (c) => {
      const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
      const waitUntil = waitUntilOf(c);
      return (await servePublicSeatMap({ db: c.var.db, env: c.env, event, request: c.req.raw, waitUntil })) as never;
    },
  )
  .openapi(
    inventoryOnly(publicRoute({
      method: 'post',
      path: '/public/events/{eventId}/holds',
      tags,
      summary: 'Hold seats or GA places for a few minutes while you check out',
      description:
        'Send an `Idempotency-Key` header to retry safely: the same key answers the same hold. While the event’s waiting room is on, send the `Admission` header from POST /public/events/{eventId}/queue/admit; an admission holds (or buys) at most its `maxSeats` seats in all (409 `admission_seat_limit`). A hidden ticket type (a presale) is held only with an `accessCode` that unlocks it; without one it answers as a type that does not exist. ' +
        'Without an active waiting room (where TURNSTILE_SECRET is set): send the Turnstile widget’s token as `turnstileToken` once; the answer carries a `humanPass` (also the `Human-Pass` header) that later holds, extensions and quotes of this event send as the `Human-Pass` header instead.',
      request: { params: PublicEventParams, body: jsonBody(CreateHoldSchema) },
      responses: {
        201: json(HeldSchema, 'Held'),
        403: problem('The event’s waiting room is on and no valid admission was sent (`Admission` header, or the `vge_admission` cookie from the app’s origin: `admission_required`; the cookie from another origin: `origin_not_allowed`), or the Turnstile check failed or was not sent (`turnstile_failed`)'), 409: json(z.any(), 'Not available (seats taken, sold out, not on sale). On an event split into section shards: seats of two parts of the venue in one hold (`seats_span_sections`: hold them one part at a time), or many buyers after the last tickets of a type at once (`capacity_busy`: try again)') },
    })),
    async (c) => {
      const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
      const input = c.req.valid('json');
      // While the event's waiting room is on: an admission token, verified here (no object call).
      const admission = await requireAdmission(c.var.db, c.env, event, (name) => c.req.header(name), input.seats?.length ?? input.quantity ?? input.bestAvailable?.quantity);
      const session = admission ? { id: admission.sessionId, maxSeats: admission.maxSeats } : undefined;
      // Without a room: a human (one Turnstile check, then its pass); with an admission the queue's join checked that.
      const human = await requireHuman(c.env, { eventId: event.id, admitted: admission !== null, pass: c.req.header(HUMAN_PASS_HEADER), turnstileToken: input.turnstileToken, ip: c.req.header('CF-Connecting-IP') ?? null });
      const hold = await createHold(c.var.db, c.env, event, input, c.req.header('Idempotency-Key'), session);
      recordStep(c, { kind: 'hold_made', organizationId: event.organizationId, eventId: event.id, ticketTypeId: input.ticketTypeId });
      if (!human) return c.json(hold, 201);
      c.header(HUMAN_PASS_HEADER, human.pass);
      return c.json({ ...hold, humanPass: human.pass, humanPassExpiresAt: human.expiresAt }, 201);
    },
  )
  .openapi(
    inventoryOnly(publicRoute({
      method: 'get',
      path: '/public/events/{eventId}/holds/{holdId}',
      tags,
      summary: 'A hold and its expiry',
      request: { params: PublicHoldParams },
      responses: { 200: json(HoldSchema, 'The hold') },
    })),
    async (c) => {
      const { eventId, holdId } = c.req.valid('param');
      return c.json(await getHold(c.env, await publicEvent(c.var.db, eventId), holdId), 200);
    },
  )
  .openapi(
    inventoryOnly(publicRoute({
      method: 'post',
      path: '/public/events/{eventId}/holds/{holdId}/extend',
      tags,
      summary: 'Extend a hold once (by one hold period, bounded)',
      description: 'Without an active waiting room (where TURNSTILE_SECRET is set): send the `Human-Pass` header the hold answered.',
      request: { params: PublicHoldParams },
      responses: { 200: json(HoldSchema, 'Extended (repeating answers the same)'), 403: problem('No valid `Human-Pass` for this event (`turnstile_failed`)'), 409: json(z.any(), 'No longer active') },
    })),
    async (c) => {
      const { eventId, holdId } = c.req.valid('param');
      const event = await publicEvent(c.var.db, eventId);
      // Holds made through the room were checked at its join; the room's state comes from the 2 s isolate cache.
      if (c.env.TURNSTILE_SECRET) {
        const admitted = (await publicRoom(c.var.db, event)).enabled;
        await requireHuman(c.env, { eventId, admitted, pass: c.req.header(HUMAN_PASS_HEADER), turnstileToken: undefined, ip: null });
      }
      return c.json(await extendHold(c.env, event, holdId), 200);
    },
  )
  .openapi(
    inventoryOnly(publicRoute({
      method: 'delete',
      path: '/public/events/{eventId}/holds/{holdId}',
      tags,
      summary: 'Release a hold (the seats go back on sale at once)',
      request: { params: PublicHoldParams },
      responses: { 200: json(HoldSchema, 'Released (repeating answers the same)') },
    })),
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
      summary: 'Live seat-map channel (WebSocket): versioned deltas from `since`, through the event’s relays',
      description:
        'Without a ticket: the public projection (PublicLiveMessage in src/shared/live-protocol.ts): seats available or unavailable and the visible ticket types’ availability, nothing else. ' +
        'With `?ticket=` from POST /orgs/{orgId}/events/{eventId}/live-ticket (events.read): every figure (LiveMessage); from POST /device/events/{eventId}/live-ticket: the gate counts (GateLiveMessage). ' +
        'Each channel numbers its deltas 1, 2, 3 … without gaps: apply version v+1 on v, ignore a version ≤ v, and on a gap send `{"type":"resume","since":v}` (or reconnect with `?since=v`). ' +
        'Buyers: fetch GET /public/events/{eventId}/seat-map (its `version`), then open this with `?since=<version>`; a `resync` message means: fetch the seat map again and resume from its version. ' +
        'Organizer and gate sockets without `since` get a snapshot first. `ping` is answered with `pong`. ' +
        'A buyer waiting in the event’s queue opens it with `?only=queue`: such a socket gets only the waiting room’s `queue` message (unversioned; LiveQueue), the newest first, whenever its state flips or its cursor moves — on relays of its own, so the waiting crowd never takes the seat map’s sockets (LIVE_QUEUE_RELAYS). ' +
        'A ticket is good for one upgrade within 60 s. A browser Origin other than the app’s is refused (403); too many sockets per client or for the event answer 503 with Retry-After. No buyer data travels on it.',
      request: { params: PublicEventParams, query: LiveQuery },
      responses: {
        101: { description: 'Switching to the WebSocket protocol' },
        401: problem('A ticket that is not valid, expired, used or for another event (`invalid_live_ticket`)'),
        422: problem('A `since` that is not a version (a whole number ≥ 0)'),
        403: problem('A foreign browser Origin (`origin_not_allowed`)'),
        426: json(z.any(), 'Not a WebSocket upgrade'),
        503: problem('Too many live sockets for this client or event (`live_channel_full`, Retry-After)'),
      },
    }),
    async (c) => {
      const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
      return openLiveChannel({
        env: c.env,
        event,
        upgrade: c.req.header('Upgrade'),
        origin: c.req.header('Origin'),
        ticket: c.req.valid('query').ticket,
        since: c.req.valid('query').since,
        only: c.req.valid('query').only,
        ip: c.req.header('CF-Connecting-IP') ?? null,
      });
    },
  );
