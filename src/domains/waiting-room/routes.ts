/** Organizer routes for an event's waiting room (issue #14): read and replace its settings; pause, resume, close, change the rate. */
import { createRouter, idParam, json, jsonBody, OrgParams, problem, tenantRoute } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { patchWaitingRoom } from './control';
import { PatchWaitingRoomSchema, PutWaitingRoomSchema, WaitingRoomSchema } from './schemas';
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
  )
  .openapi(
    tenantRoute('events.manage', {
      method: 'patch',
      path: '/orgs/{orgId}/events/{eventId}/waiting-room',
      tags,
      summary: 'Pause, resume or close the room; change its rate or shoppers at once',
      description:
        '`admission`: `paused` admits nobody until `open` again (joins are still taken); `closed` also refuses joins; buyers waiting are told at once (the live `queue` message). ' +
        '`ratePerMinute` (null: "auto") and `maxActive` change only those settings. Audited (`waiting_room.paused`, `.resumed`, `.closed`, or `.updated`). A PUT of the settings leaves `admission` as it is.',
      request: { params: EventParams, body: jsonBody(PatchWaitingRoomSchema) },
      responses: {
        200: json(WaitingRoomSchema, 'Changed (and pushed to the room)'),
        404: problem('No such event in this organization, or no waiting room saved for it yet (`waiting_room_not_found`)'),
      },
    }),
    async (c) => c.json(await patchWaitingRoom({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId, input: c.req.valid('json') }), 200),
  );
