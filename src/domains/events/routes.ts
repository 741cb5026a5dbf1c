/** Organizer routes for events: details, lifecycle, ticket types, live availability, seat map, holds. */
import { auditEntry } from '../../platform/audit';
import { writeBatch } from '../../db/client';
import { createRouter, idParam, json, jsonBody, OrgParams, PageQuery, pageOf, tenantRoute, z } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { EVENT_STATUSES } from '../../db/schema/events';
import { LiveCounts } from '../../shared/live-protocol';
import { createEvent, listEvents, loadEvent, toEvent, updateEvent } from './events';
import { releaseHold, seatMapWithSections } from './holds';
import { inventory } from './inventory-client';
import { transitionEvent } from './lifecycle';
import { issueLiveTicket } from './live-ticket';
import { CreateEventSchema, LiveTicketSchema, CreateTicketTypeSchema, EventSchema, HoldSchema, SeatMapSchema, TicketTypeSchema, TransitionSchema, UpdateEventSchema, UpdateTicketTypeSchema } from './schemas';
import { createTicketType, deleteTicketType, getTicketType, listTicketTypes, updateTicketType } from './ticket-types';


const EventParams = OrgParams.extend({ eventId: idParam('evt', 'Event id') });
const TicketTypeParams = EventParams.extend({ ticketTypeId: idParam('tty', 'Ticket type id') });
const HoldParams = EventParams.extend({ holdId: idParam('hld', 'Hold id') });
const tags = ['Events'];

const AvailabilitySchema = z
  .object({ status: z.string().nullable(), version: z.number().int(), activeHolds: z.number().int(), counts: LiveCounts })
  .openapi('Availability');

export const eventRoutes = createRouter()
  .openapi(
    tenantRoute('events.read', {
      method: 'get',
      path: '/orgs/{orgId}/events',
      tags,
      summary: 'List events, newest first',
      request: { params: OrgParams, query: PageQuery.extend({ status: z.enum(EVENT_STATUSES).optional() }) },
      responses: { 200: json(pageOf(EventSchema), 'A page of events') },
    }),
    async (c) => c.json(await listEvents({ ctx: tenantContext(c), input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute('events.manage', {
      method: 'post',
      path: '/orgs/{orgId}/events',
      tags,
      summary: 'Create an event (a draft)',
      request: { params: OrgParams, body: jsonBody(CreateEventSchema) },
      responses: { 201: json(EventSchema, 'Created') },
    }),
    async (c) => c.json(await createEvent({ ctx: tenantContext(c), input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('events.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}',
      tags,
      summary: 'One event',
      request: { params: EventParams },
      responses: { 200: json(EventSchema, 'The event') },
    }),
    async (c) => c.json(toEvent(await loadEvent(tenantContext(c), c.req.valid('param').eventId)), 200),
  )
  .openapi(
    tenantRoute('events.manage', {
      method: 'patch',
      path: '/orgs/{orgId}/events/{eventId}',
      tags,
      summary: 'Change an event (venue and layout only while a draft)',
      request: { params: EventParams, body: jsonBody(UpdateEventSchema) },
      responses: { 200: json(EventSchema, 'Updated'), 409: json(z.any(), 'Not changeable in this state') },
    }),
    async (c) => c.json(await updateEvent({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId, input: c.req.valid('json') }), 200),
  )
  .openapi(
    tenantRoute('events.manage', {
      method: 'post',
      path: '/orgs/{orgId}/events/{eventId}/status',
      tags,
      summary: 'Move the event through its lifecycle',
      description:
        'draft → published → on_sale → sales_closed → completed (sales_closed → on_sale reopens), or cancelled from any state before completed. ' +
        'Publishing snapshots the seating layout into the event’s inventory.',
      request: { params: EventParams, body: jsonBody(TransitionSchema) },
      responses: { 200: json(EventSchema, 'Moved'), 409: json(z.any(), 'Not an allowed transition') },
    }),
    async (c) => c.json(await transitionEvent({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId, to: c.req.valid('json').status }), 200),
  )
  .openapi(
    tenantRoute('events.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/ticket-types',
      tags,
      summary: 'The ticket types of an event',
      request: { params: EventParams },
      responses: { 200: json(z.object({ items: z.array(TicketTypeSchema) }), 'Ticket types in display order') },
    }),
    async (c) => c.json({ items: await listTicketTypes(tenantContext(c), c.req.valid('param').eventId) }, 200),
  )
  .openapi(
    tenantRoute('events.manage', {
      method: 'post',
      path: '/orgs/{orgId}/events/{eventId}/ticket-types',
      tags,
      summary: 'Add a ticket type',
      request: { params: EventParams, body: jsonBody(CreateTicketTypeSchema) },
      responses: { 201: json(TicketTypeSchema, 'Created') },
    }),
    async (c) => c.json(await createTicketType({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId, input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('events.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/ticket-types/{ticketTypeId}',
      tags,
      summary: 'One ticket type',
      request: { params: TicketTypeParams },
      responses: { 200: json(TicketTypeSchema, 'The ticket type') },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await getTicketType(tenantContext(c), p.eventId, p.ticketTypeId), 200);
    },
  )
  .openapi(
    tenantRoute('events.manage', {
      method: 'patch',
      path: '/orgs/{orgId}/events/{eventId}/ticket-types/{ticketTypeId}',
      tags,
      summary: 'Change a ticket type (capacity never below what is held or sold)',
      request: { params: TicketTypeParams, body: jsonBody(UpdateTicketTypeSchema) },
      responses: { 200: json(TicketTypeSchema, 'Updated') },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await updateTicketType({ ctx: tenantContext(c), eventId: p.eventId, ticketTypeId: p.ticketTypeId, input: c.req.valid('json') }), 200);
    },
  )
  .openapi(
    tenantRoute('events.manage', {
      method: 'delete',
      path: '/orgs/{orgId}/events/{eventId}/ticket-types/{ticketTypeId}',
      tags,
      summary: 'Remove a ticket type that has nothing held or sold',
      request: { params: TicketTypeParams },
      responses: { 204: { description: 'Removed' }, 409: json(z.any(), 'It has holds or sales') },
    }),
    async (c) => {
      const p = c.req.valid('param');
      await deleteTicketType({ ctx: tenantContext(c), eventId: p.eventId, ticketTypeId: p.ticketTypeId });
      return c.body(null, 204);
    },
  )
  .openapi(
    tenantRoute('events.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/availability',
      tags,
      summary: 'Live counts: capacity, held, sold, checked in, per ticket type and GA area',
      request: { params: EventParams },
      responses: { 200: json(AvailabilitySchema, 'Live availability') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      const event = await loadEvent(ctx, c.req.valid('param').eventId);
      const live = await inventory(ctx.env, ctx.organizationId, event.id).availability();
      return c.json({ status: live.status, version: live.version, activeHolds: live.activeHolds, counts: live.counts }, 200);
    },
  )
  .openapi(
    tenantRoute('events.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/seat-map',
      tags,
      summary: 'Seat geometry with live statuses (as published)',
      request: { params: EventParams },
      responses: { 200: json(SeatMapSchema, 'The seat map') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      const event = await loadEvent(ctx, c.req.valid('param').eventId);
      return c.json(await seatMapWithSections(ctx.db, ctx.env, event), 200);
    },
  )
  .openapi(
    tenantRoute('events.read', {
      method: 'post',
      path: '/orgs/{orgId}/events/{eventId}/live-ticket',
      tags,
      summary: 'A ticket for the live channel with every figure (sold, capacity, check-ins per gate): one upgrade within 60 s',
      description: 'Open `url` (GET /events/{eventId}/live?ticket=…) as a WebSocket on this host; ask for a new ticket on every reconnect.',
      request: { params: EventParams },
      responses: { 201: json(LiveTicketSchema, 'The ticket') },
    }),
    async (c) => c.json(await issueLiveTicket({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId }), 201),
  )
  .openapi(
    tenantRoute('events.manage', {
      method: 'delete',
      path: '/orgs/{orgId}/events/{eventId}/holds/{holdId}',
      tags,
      summary: "Release a buyer's hold now (the seats go back on sale)",
      request: { params: HoldParams },
      responses: { 200: json(HoldSchema, 'Released (or already no longer active)') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      const { eventId, holdId } = c.req.valid('param');
      const event = await loadEvent(ctx, eventId);
      const hold = await releaseHold(ctx.env, event, holdId);
      await writeBatch(ctx.db, [auditEntry(ctx, { organizationId: ctx.organizationId, action: 'hold.released', resourceType: 'hold', resourceId: holdId, changes: { eventId, seats: hold.seats, quantity: hold.quantity } })]);
      return c.json(hold, 200);
    },
  );
