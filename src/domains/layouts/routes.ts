/** Seating layouts: imported, generated and listed per venue; read, exported, replaced, renamed and deleted by id. */
import { createRouter, idParam, json, jsonBody, OrgParams, PageQuery, pageOf, tenantRoute, z } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { generateLayout, importLayout } from './create-layout';
import { LayoutDocumentSchema } from './document';
import { deleteLayout, listLayouts, renameLayout } from './layouts';
import { getLayoutDocument, getLayoutSummary } from './queries';
import { replaceLayoutDocument } from './replace-layout-document';
import { GenerateStadiumSchema, LayoutSummarySchema, RenameLayoutSchema } from './schemas';

const VenueParams = OrgParams.extend({ venueId: idParam('ven', 'Venue id') });
const LayoutParams = OrgParams.extend({ layoutId: idParam('lay', 'Layout id') });
const tags = ['Seating layouts'];
/** A 100,000-seat document is several MB of JSON, far over the API-wide 1 MiB. */
const DOCUMENT_BODY = { maxBodyBytes: 16 * 1024 * 1024 };

export const layoutRoutes = createRouter()
  .openapi(
    tenantRoute('venues.read', {
      method: 'get',
      path: '/orgs/{orgId}/venues/{venueId}/layouts',
      tags,
      summary: "List a venue's layouts",
      request: { params: VenueParams, query: PageQuery },
      responses: { 200: json(pageOf(LayoutSummarySchema), 'A page of layout summaries') },
    }),
    async (c) => c.json(await listLayouts({ ctx: tenantContext(c), venueId: c.req.valid('param').venueId, input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute(
      'venues.manage',
      {
        method: 'post',
        path: '/orgs/{orgId}/venues/{venueId}/layouts',
        tags,
        summary: 'Import a layout document (up to 16 MiB)',
        request: { params: VenueParams, body: jsonBody(LayoutDocumentSchema) },
        responses: { 201: json(LayoutSummarySchema, 'Imported'), 409: json(z.any(), 'The venue is archived') },
      },
      DOCUMENT_BODY,
    ),
    async (c) => c.json(await importLayout({ ctx: tenantContext(c), venueId: c.req.valid('param').venueId, input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('venues.manage', {
      method: 'post',
      path: '/orgs/{orgId}/venues/{venueId}/layouts/generate',
      tags,
      summary: 'Generate a stadium layout (a ring of sections around the stage)',
      request: { params: VenueParams, body: jsonBody(GenerateStadiumSchema) },
      responses: { 201: json(LayoutSummarySchema, 'Generated'), 409: json(z.any(), 'The venue is archived') },
    }),
    async (c) => c.json(await generateLayout({ ctx: tenantContext(c), venueId: c.req.valid('param').venueId, input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('venues.read', {
      method: 'get',
      path: '/orgs/{orgId}/layouts/{layoutId}',
      tags,
      summary: 'One layout (summary)',
      request: { params: LayoutParams },
      responses: { 200: json(LayoutSummarySchema, 'The layout') },
    }),
    async (c) => c.json(await getLayoutSummary(tenantContext(c), c.req.valid('param').layoutId), 200),
  )
  .openapi(
    tenantRoute('venues.manage', {
      method: 'patch',
      path: '/orgs/{orgId}/layouts/{layoutId}',
      tags,
      summary: 'Rename a layout',
      request: { params: LayoutParams, body: jsonBody(RenameLayoutSchema) },
      responses: { 200: json(LayoutSummarySchema, 'Renamed') },
    }),
    async (c) => c.json(await renameLayout({ ctx: tenantContext(c), layoutId: c.req.valid('param').layoutId, name: c.req.valid('json').name }), 200),
  )
  .openapi(
    tenantRoute('venues.manage', {
      method: 'delete',
      path: '/orgs/{orgId}/layouts/{layoutId}',
      tags,
      summary: 'Delete a layout no event uses',
      request: { params: LayoutParams },
      responses: { 204: { description: 'Deleted' }, 409: json(z.any(), 'An event uses the layout') },
    }),
    async (c) => {
      await deleteLayout({ ctx: tenantContext(c), layoutId: c.req.valid('param').layoutId });
      return c.body(null, 204);
    },
  )
  .openapi(
    tenantRoute('venues.read', {
      method: 'get',
      path: '/orgs/{orgId}/layouts/{layoutId}/document',
      tags,
      summary: 'Export the layout document (re-importable as it is)',
      request: { params: LayoutParams },
      responses: { 200: json(LayoutDocumentSchema, 'The document') },
    }),
    async (c) => c.json(await getLayoutDocument(tenantContext(c), c.req.valid('param').layoutId), 200),
  )
  .openapi(
    tenantRoute(
      'venues.manage',
      {
        method: 'put',
        path: '/orgs/{orgId}/layouts/{layoutId}/document',
        tags,
        summary: 'Replace the whole layout document (up to 16 MiB); the version goes up by one',
        description: 'Events already published keep the version they copied.',
        request: { params: LayoutParams, body: jsonBody(LayoutDocumentSchema) },
        responses: { 200: json(LayoutSummarySchema, 'Replaced') },
      },
      DOCUMENT_BODY,
    ),
    async (c) => c.json(await replaceLayoutDocument({ ctx: tenantContext(c), layoutId: c.req.valid('param').layoutId, input: c.req.valid('json') }), 200),
  );
