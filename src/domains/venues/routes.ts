/** Venues and their gates within an organization. */
import { createRouter, idParam, json, jsonBody, OrgParams, PageQuery, pageOf, tenantRoute, z } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { createGate, deleteGate, getGate, listGates, renameGate } from './gates';
import { CreateGateSchema, CreateVenueSchema, GateSchema, RenameGateSchema, UpdateVenueSchema, VenueListQuery, VenueSchema } from './schemas';
import { archiveVenue, createVenue, getVenue, listVenues, updateVenue } from './venues';

export const VenueParams = OrgParams.extend({ venueId: idParam('ven', 'Venue id') });
const GateParams = VenueParams.extend({ gateId: idParam('gat', 'Gate id') });
const tags = ['Venues'];

export const venueRoutes = createRouter()
  .openapi(
    tenantRoute('venues.read', {
      method: 'get',
      path: '/orgs/{orgId}/venues',
      tags,
      summary: 'List venues (archived ones only with includeArchived=true)',
      request: { params: OrgParams, query: VenueListQuery },
      responses: { 200: json(pageOf(VenueSchema), 'A page of venues') },
    }),
    async (c) => c.json(await listVenues({ ctx: tenantContext(c), input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute('venues.manage', {
      method: 'post',
      path: '/orgs/{orgId}/venues',
      tags,
      summary: 'Create a venue',
      request: { params: OrgParams, body: jsonBody(CreateVenueSchema) },
      responses: { 201: json(VenueSchema, 'Created') },
    }),
    async (c) => c.json(await createVenue({ ctx: tenantContext(c), input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('venues.read', {
      method: 'get',
      path: '/orgs/{orgId}/venues/{venueId}',
      tags,
      summary: 'One venue (archived ones too)',
      request: { params: VenueParams },
      responses: { 200: json(VenueSchema, 'The venue') },
    }),
    async (c) => c.json(await getVenue(tenantContext(c), c.req.valid('param').venueId), 200),
  )
  .openapi(
    tenantRoute('venues.manage', {
      method: 'patch',
      path: '/orgs/{orgId}/venues/{venueId}',
      tags,
      summary: 'Change a venue (address lines are merged into the current address)',
      request: { params: VenueParams, body: jsonBody(UpdateVenueSchema) },
      responses: { 200: json(VenueSchema, 'Updated') },
    }),
    async (c) => c.json(await updateVenue({ ctx: tenantContext(c), venueId: c.req.valid('param').venueId, input: c.req.valid('json') }), 200),
  )
  .openapi(
    tenantRoute('venues.manage', {
      method: 'delete',
      path: '/orgs/{orgId}/venues/{venueId}',
      tags,
      summary: 'Archive a venue: hidden from lists, no new gates or layouts; its events keep it',
      request: { params: VenueParams },
      responses: { 200: json(VenueSchema, 'Archived') },
    }),
    async (c) => c.json(await archiveVenue({ ctx: tenantContext(c), venueId: c.req.valid('param').venueId }), 200),
  )
  .openapi(
    tenantRoute('venues.read', {
      method: 'get',
      path: '/orgs/{orgId}/venues/{venueId}/gates',
      tags,
      summary: "List a venue's gates",
      request: { params: VenueParams, query: PageQuery },
      responses: { 200: json(pageOf(GateSchema), 'A page of gates') },
    }),
    async (c) => c.json(await listGates({ ctx: tenantContext(c), venueId: c.req.valid('param').venueId, input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute('venues.manage', {
      method: 'post',
      path: '/orgs/{orgId}/venues/{venueId}/gates',
      tags,
      summary: 'Add a gate (entry point) to a venue',
      request: { params: VenueParams, body: jsonBody(CreateGateSchema) },
      responses: { 201: json(GateSchema, 'Created'), 409: json(z.any(), 'The venue has a gate of that name, or is archived') },
    }),
    async (c) => c.json(await createGate({ ctx: tenantContext(c), venueId: c.req.valid('param').venueId, input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('venues.read', {
      method: 'get',
      path: '/orgs/{orgId}/venues/{venueId}/gates/{gateId}',
      tags,
      summary: 'One gate',
      request: { params: GateParams },
      responses: { 200: json(GateSchema, 'The gate') },
    }),
    async (c) => {
      const { venueId, gateId } = c.req.valid('param');
      return c.json(await getGate(tenantContext(c), venueId, gateId), 200);
    },
  )
  .openapi(
    tenantRoute('venues.manage', {
      method: 'patch',
      path: '/orgs/{orgId}/venues/{venueId}/gates/{gateId}',
      tags,
      summary: 'Rename a gate',
      request: { params: GateParams, body: jsonBody(RenameGateSchema) },
      responses: { 200: json(GateSchema, 'Renamed'), 409: json(z.any(), 'The venue has a gate of that name') },
    }),
    async (c) => {
      const { venueId, gateId } = c.req.valid('param');
      return c.json(await renameGate({ ctx: tenantContext(c), venueId, gateId, input: c.req.valid('json') }), 200);
    },
  )
  .openapi(
    tenantRoute('venues.manage', {
      method: 'delete',
      path: '/orgs/{orgId}/venues/{venueId}/gates/{gateId}',
      tags,
      summary: 'Delete a gate',
      request: { params: GateParams },
      responses: { 204: { description: 'Deleted' } },
    }),
    async (c) => {
      const { venueId, gateId } = c.req.valid('param');
      await deleteGate({ ctx: tenantContext(c), venueId, gateId });
      return c.body(null, 204);
    },
  );
