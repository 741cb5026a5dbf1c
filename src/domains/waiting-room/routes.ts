/** Organizer routes for an event's waiting room (issue #14): read and replace its settings. */
import { createRouter, idParam, json, jsonBody, OrgParams, tenantRoute } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { PutWaitingRoomSchema, WaitingRoomSchema } from './schemas';
import { getWaitingRoom, putWaitingRoom } from './settings';

const EventParams = OrgParams.extend({ eventId: idParam('evt', 'Event id') });
const tags = ['Waiting room'];

export const waitingRoomRoutes = createRouter()
  .openapi(
    tenantRoute('events.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/waiting-room',
      tags,
      summary: 'The event’s waiting-room settings (off, with the defaults, when never set)',
      request: { params: EventParams },
      responses: { 200: json(WaitingRoomSchema, 'The settings') },
    }),
    async (c) => c.json(await getWaitingRoom({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId }), 200),
  )
  .openapi(
    tenantRoute('events.manage', {
      method: 'put',
      path: '/orgs/{orgId}/events/{eventId}/waiting-room',
      tags,
      summary: 'Replace the event’s waiting-room settings',
      description:
        'While `enabled`, public holds, quotes and checkouts of the event need an admission token from the queue (`Admission` header). ' +
        '`ratePerMinute` null is "auto": buyers are let in as fast as the inventory can absorb them, never more at once than `maxActive` nor than the seats left.',
      request: { params: EventParams, body: jsonBody(PutWaitingRoomSchema) },
      responses: { 200: json(WaitingRoomSchema, 'Saved (and pushed to the room)') },
    }),
    async (c) => c.json(await putWaitingRoom({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId, input: c.req.valid('json') }), 200),
  );
