/** CSV exports: request, list and follow them under /orgs/{orgId}/exports; download through a signed link under /files. */
import { createRouter, idParam, json, jsonBody, OrgParams, PageQuery, pageOf, problem, publicRoute, tenantRoute, z } from '../../platform/openapi';
import { serviceContext, tenantContext } from '../../platform/tenant';
import { getExport, listExports, openDownload, requestExport } from './exports';
import { CSV_CONTENT_TYPE } from './run';
import { PDF_CONTENT_TYPE } from './run-pdf';
import { CreateExportSchema, DownloadQuery, ExportJobSchema } from './schemas';

const ExportParams = OrgParams.extend({ exportId: idParam('exj', 'Export id') });
const tags = ['Exports'];

export const exportRoutes = createRouter()
  .openapi(
    tenantRoute('exports.manage', {
      method: 'post',
      path: '/orgs/{orgId}/exports',
      tags,
      summary: 'Request a CSV export (orders, attendees, check-ins, or an event settlement); it runs in the background',
      description:
        'Also needs permission to read what the file holds: `orders.read` (orders, attendees), `orders.read` and `checkins.read` (check-ins), `finance.read` (settlement); otherwise 403 `export_not_allowed`.',
      request: { params: OrgParams, body: jsonBody(CreateExportSchema) },
      responses: { 202: json(ExportJobSchema, 'Queued: follow it at GET /orgs/{orgId}/exports/{exportId}') },
    }),
    async (c) => c.json(await requestExport({ ctx: tenantContext(c), input: c.req.valid('json') }), 202),
  )
  .openapi(
    tenantRoute('exports.manage', {
      method: 'get',
      path: '/orgs/{orgId}/exports',
      tags,
      summary: 'List CSV exports, newest first',
      request: { params: OrgParams, query: PageQuery },
      responses: { 200: json(pageOf(ExportJobSchema), 'A page of exports') },
    }),
    async (c) => c.json(await listExports({ ctx: tenantContext(c), input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute('exports.manage', {
      method: 'get',
      path: '/orgs/{orgId}/exports/{exportId}',
      tags,
      summary: 'One export: its progress and, once completed, a download link valid for 15 minutes',
      request: { params: ExportParams },
      responses: { 200: json(ExportJobSchema, 'The export') },
    }),
    async (c) => c.json(await getExport(tenantContext(c), c.req.valid('param').exportId), 200),
  );

export const exportDownloadRoutes = createRouter().openapi(
  publicRoute({
    method: 'get',
    path: '/files/exports/{exportId}',
    tags,
    summary: 'Download a completed export, CSV or PDF (the signed link from the export is the credential)',
    request: { params: z.object({ exportId: idParam('exj', 'Export id') }), query: DownloadQuery },
    responses: {
      200: {
        description: 'The file: CSV (UTF-8 with a byte-order mark, CRLF line ends) or PDF, as the export asked',
        content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) }, 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      403: problem('The link is not valid (`invalid_download_link`) or has expired (`download_link_expired`)'),
      404: problem('No such export, or it has no file yet'),
      410: problem('The file has expired (`export_expired`): request a new export'),
    },
  }),
  async (c) => {
    const { exportId } = c.req.valid('param');
    const object = await openDownload(serviceContext(c), { exportId, ...c.req.valid('query') });
    const pdf = object.key.endsWith('.pdf');
    const headers = new Headers({ 'Content-Type': pdf ? PDF_CONTENT_TYPE : CSV_CONTENT_TYPE, 'Cache-Control': 'private, no-store', 'Content-Length': String(object.size) });
    headers.set('Content-Disposition', object.httpMetadata?.contentDisposition ?? `attachment; filename="${exportId}.${pdf ? 'pdf' : 'csv'}"`);
    return new Response(object.body, { status: 200, headers }) as never;
  },
);
