/**
 * The waiting list (docs/buyers.md "Waiting list"): the organizer's view and manual offer under
 * /orgs/{orgId}/events/{eventId}/waitlist (orders.read / orders.manage), and the buyer's join, leave and claim under
 * /public (the email's signed links are the credential for leave and claim).
 */
import { createRouter, idParam, json, jsonBody, OrgParams, problem, publicRoute, tenantRoute, z } from '../../platform/openapi';
import { serviceContext, tenantContext } from '../../platform/tenant';
import { WAITLIST_ENTRY_STATUSES } from '../../db/schema/waitlists';
import { publicEvent } from '../events/holds';
import { publicRoom } from '../waiting-room/public-room';
import { requireHuman } from '../waiting-room/require-human';
import { joinWaitlist } from './join';
import { leaveWaitlist } from './leave';
import { listWaitlistEntries } from './list-entries';
import { offerToEntry } from './offer-entry';
import { waitlistOffer } from './offer-view';
import { JoinedWaitlistSchema, JoinWaitlistSchema, OfferQuery, SignatureQuery, UpdateWaitlistSettingsSchema, WaitlistEntrySchema, WaitlistOfferSchema, WaitlistSettingsSchema } from './schemas';
import { getWaitlistSettings, updateWaitlistSettings } from './settings';

const tags = ['Waiting list'];
const EventParams = OrgParams.extend({ eventId: idParam('evt', 'Event id') });
const EntryParams = EventParams.extend({ entryId: idParam('wle', 'Waiting-list entry id') });
const PublicEventParams = z.object({ eventId: idParam('evt', 'Event id') });
const PublicEntryParams = z.object({ entryId: idParam('wle', 'Waiting-list entry id') });
const ListQuery = z.object({ status: z.enum(WAITLIST_ENTRY_STATUSES).optional() });

export const waitlistRoutes = createRouter()
  .openapi(
    tenantRoute('orders.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/waitlist',
      tags,
      summary: 'The event’s waiting list in line order: position, email, quantity, status',
      request: { params: EventParams, query: ListQuery },
      responses: { 200: json(z.object({ items: z.array(WaitlistEntrySchema) }), 'The entries (at most 1,000)'), 404: problem('No such event') },
    }),
    async (c) => c.json(await listWaitlistEntries({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId, status: c.req.valid('query').status }), 200),
  )
  .openapi(
    tenantRoute('orders.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/waitlist/settings',
      tags,
      summary: 'Whether the event has a waiting list, how long offers last, and the places kept back for it now',
      request: { params: EventParams },
      responses: { 200: json(WaitlistSettingsSchema, 'The settings'), 404: problem('No such event') },
    }),
    async (c) => c.json(await getWaitlistSettings({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId }), 200),
  )
  .openapi(
    tenantRoute('orders.manage', {
      method: 'patch',
      path: '/orgs/{orgId}/events/{eventId}/waitlist/settings',
      tags,
      summary: 'Turn the waiting list on or off, or change how long offers last',
      description: 'Off: nobody can join and the places kept back for the list go back on sale (open offers stay until they end). On again: places are kept back and the line is served.',
      request: { params: EventParams, body: jsonBody(UpdateWaitlistSettingsSchema) },
      responses: { 200: json(WaitlistSettingsSchema, 'Changed'), 404: problem('No such event') },
    }),
    async (c) => c.json(await updateWaitlistSettings({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId, input: c.req.valid('json') }), 200),
  )
  .openapi(
    tenantRoute('orders.manage', {
      method: 'post',
      path: '/orgs/{orgId}/events/{eventId}/waitlist/{entryId}/offer',
      tags,
      summary: 'Offer places to this waiting entry now, whatever its place in line',
      description: 'Holds the entry’s whole group from the places kept back for its line or free now, and emails the claim link.',
      request: { params: EntryParams },
      responses: {
        200: json(WaitlistEntrySchema, 'Offered'),
        404: problem('No such entry'),
        409: problem('The entry is not waiting (`waitlist_entry_not_waiting`), or its group does not fit the places there are (`waitlist_no_places`)'),
      },
    }),
    async (c) => {
      const { eventId, entryId } = c.req.valid('param');
      return c.json(await offerToEntry({ ctx: tenantContext(c), eventId, entryId }), 200);
    },
  );

export const publicWaitlistRoutes = createRouter()
  .openapi(
    publicRoute({
      method: 'post',
      path: '/public/events/{eventId}/waitlist',
      tags,
      summary: 'Join the waiting list of a sold-out event or ticket type',
      description:
        'One entry in line per email per event: joining again changes the quantity (200). A confirmation email carries the link to leave. ' +
        'Without an active waiting room (where TURNSTILE_SECRET is set): send the Turnstile widget’s token as `turnstileToken`, or a `Human-Pass` header.',
      request: { params: PublicEventParams, body: jsonBody(JoinWaitlistSchema) },
      responses: {
        200: json(JoinedWaitlistSchema, 'Already in line: updated'),
        201: json(JoinedWaitlistSchema, 'Joined'),
        403: problem('The Turnstile check failed or was not sent (`turnstile_failed`)'),
        404: problem('No such published event or ticket type'),
        409: problem('Tickets are still on sale (`not_sold_out`), the event has no waiting list (`waitlist_closed`, `waitlist_unavailable`)'),
      },
    }),
    async (c) => {
      const event = await publicEvent(c.var.db, c.req.valid('param').eventId);
      const input = c.req.valid('json');
      const admitted = (await publicRoom(c.var.db, event)).enabled;
      await requireHuman(c.env, { eventId: event.id, admitted, pass: c.req.header('Human-Pass'), turnstileToken: input.turnstileToken, ip: c.req.header('CF-Connecting-IP') ?? null });
      const { entry, created } = await joinWaitlist({ ctx: serviceContext(c), event, input });
      return created ? c.json(entry, 201) : c.json(entry, 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/public/waitlist/{entryId}/leave',
      tags,
      summary: 'Leave the waiting list (the confirmation email’s link)',
      request: { params: PublicEntryParams, query: SignatureQuery },
      responses: { 200: json(JoinedWaitlistSchema, 'Left (repeating answers the same)'), 403: problem('The link is not valid (`invalid_waitlist_link`)'), 404: problem('No such entry') },
    }),
    async (c) => {
      const { entryId } = c.req.valid('param');
      return c.json(await leaveWaitlist({ ctx: serviceContext(c), entryId, signature: c.req.valid('query').signature }), 200);
    },
  )
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/waitlist/{entryId}/offer',
      tags,
      summary: 'An offer’s held places and their expiry (the offer email’s claim link)',
      description: 'Check out with `holdId` at POST /public/events/{eventId}/checkout like any hold, before `expiresAt`.',
      request: { params: PublicEntryParams, query: OfferQuery },
      responses: {
        200: json(WaitlistOfferSchema, 'The offer'),
        403: problem('The link is not valid (`invalid_waitlist_link`)'),
        404: problem('No such offer'),
        409: problem('The offer lapsed (`waitlist_offer_lapsed`)'),
      },
    }),
    async (c) => {
      const { entryId } = c.req.valid('param');
      const { hold, signature } = c.req.valid('query');
      c.header('Cache-Control', 'private, no-store');
      return c.json(await waitlistOffer({ ctx: serviceContext(c), entryId, holdId: hold, signature }), 200);
    },
  );
