/** Buyer routes of the waiting room: join the queue, poll your place (never reaching an object), redeem it for an admission. */
import { createRouter, idParam, json, jsonBody, mintsSecret, problem, publicRoute, z } from '../../platform/openapi';
import { publicEvent } from '../events/holds';
import { admitFromQueue } from './admit';
import { joinQueue } from './join';
import { recordStep } from '../analytics/record-step';
import { AdmissionSchema, JoinQueueSchema, QueueStatusSchema, QueueTicketQuery, QueueTicketSchema } from './schemas';
import { queueStatus } from './status';
import { ticketFrom } from './tokens';
import { admissionCookie } from './admission-cookie';
import { waitUntilOf } from '../../platform/wait-until';

const PublicEventParams = z.object({ eventId: idParam('evt', 'Event id') });
const tags = ['Waiting room'];
const invalidTicket = problem('A queue ticket that is missing, forged, expired or for another event (`invalid_queue_ticket`)');

export const publicQueueRoutes = createRouter()
  .openapi(
    mintsSecret(publicRoute({
      method: 'post',
      path: '/public/events/{eventId}/queue',
      tags,
      summary: 'Join the event’s queue',
      description:
        'Answers a queue ticket. Joining before the sale starts puts you in the pre-queue, whose order is drawn at random once at the sale start (no place until then); later joins queue in order after it.',
      request: { params: PublicEventParams, body: jsonBody(JoinQueueSchema) },
      responses: {
        201: json(QueueTicketSchema, 'In the queue'),
        404: json(z.any(), 'No such published event'),
        403: problem('The Turnstile check failed (`turnstile_failed`)'),
        409: problem('No waiting room on this event (`queue_not_active`), its pre-queue is not open yet (`queue_not_open`), or the organizer closed the queue (`queue_closed`)'),
      },
    })),
    async (c) => {
      const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
      c.header('Cache-Control', 'private, no-store');
      const { turnstileToken } = c.req.valid('json');
      const joined = await joinQueue({ db: c.var.db, env: c.env, event, turnstileToken, ip: c.req.header('CF-Connecting-IP') ?? null, origin: new URL(c.req.url).origin, waitUntil: waitUntilOf(c) });
      recordStep(c, { kind: 'waiting_room_joined', organizationId: event.organizationId, eventId: event.id });
      return c.json(joined, 201);
    },
  )
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/events/{eventId}/queue/status',
      tags,
      summary: 'Your place in the queue, how many are ahead and an estimate of the wait',
      description:
        'Send the ticket as `Authorization: Bearer <ticket>` (or `?ticket=`). Computed from the ticket and the room’s admitted-through cursor as cached at the edge (about a second old at most). ' +
        'A pre-queue ticket learns its place on the first poll after the draw: the answer then carries a new `ticket` to use from then on.',
      request: { params: PublicEventParams, query: QueueTicketQuery },
      responses: { 200: json(QueueStatusSchema, 'Where you are'), 401: invalidTicket, 404: json(z.any(), 'No such published event') },
    }),
    async (c) => {
      const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
      const waitUntil = waitUntilOf(c);
      c.header('Cache-Control', 'private, no-store');
      const token = ticketFrom(c.req.header('Authorization'), c.req.valid('query').ticket);
      const { position, source } = await queueStatus({ env: c.env, event, token, origin: new URL(c.req.url).origin, waitUntil });
      // Where the cursor came from (memo, shared, cache, object, place): polls should almost never say object.
      c.header('X-Cursor-Source', source);
      return c.json(position, 200);
    },
  )
  .openapi(
    mintsSecret(publicRoute({
      method: 'post',
      path: '/public/events/{eventId}/queue/admit',
      tags,
      summary: 'Redeem your queue ticket for an admission once your place is reached',
      description:
        'Send the ticket as `Authorization: Bearer <ticket>` (or `?ticket=`). The admission goes in the `Admission` header of holds, quotes and checkouts of this event until it expires; redeeming again answers the same session. ' +
          'Browsers also get it as the `vge_admission` cookie (HttpOnly, Secure, SameSite=Strict, Path=/api/v1/public/events/{eventId}: the token alone), which those routes accept in place of the header from the app’s own origin.',
      request: { params: PublicEventParams, query: QueueTicketQuery },
      responses: {
        200: json(AdmissionSchema, 'Admitted'),
        401: invalidTicket,
        404: json(z.any(), 'No such published event'),
        409: problem('Not your turn yet (`not_admitted_yet`, with your place and an estimate; Retry-After), or your turn passed unredeemed for longer than the redemption window (`invitation_expired`: join again)'),
      },
    })),
    async (c) => {
      const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
      c.header('Cache-Control', 'private, no-store');
      const token = ticketFrom(c.req.header('Authorization'), c.req.valid('query').ticket);
      const admitted = await admitFromQueue({ env: c.env, event, token });
      // The storefront's copy: HttpOnly, Secure, SameSite=Strict, this event's public API path, the token alone.
      c.header('Set-Cookie', admissionCookie(event.id, admitted.admission, Date.parse(admitted.expiresAt)), { append: true });
      recordStep(c, { kind: 'waiting_room_admitted', organizationId: event.organizationId, eventId: event.id });
      return c.json(admitted, 200);
    },
  );
