/** Scanning routes: the device's scan, upload and manifest (/device), and the organizer's scans and undo (/orgs/{orgId}/events/{eventId}). */
import { createRouter, deviceRoute, idParam, json, jsonBody, OrgParams, pageOf, problem, tenantRoute, z } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { deviceContext } from '../devices/routes';
import { issueDeviceLiveTicket } from '../events/live-ticket';
import { LiveTicketSchema } from '../events/schemas';
import { listScans, undoCheckIn } from './check-ins';
import { deviceManifest, scanOnline, uploadScans } from './device-scans';
import { doubleAdmissions } from './double-admissions';
import {
  DoubleAdmissionsSchema,
  ManifestQuery,
  ManifestSchema,
  ScanListQuery,
  ScanOutcomeSchema,
  ScanRecordSchema,
  ScanRequestSchema,
  ScanUploadResultSchema,
  ScanUploadSchema,
  UndoCheckInSchema,
  UndoneCheckInSchema,
} from './schemas';

const deviceTags = ['Device (scanner)'];
const tags = ['Check-ins'];
const EventParams = OrgParams.extend({ eventId: idParam('evt', 'Event id') });
const TicketParams = EventParams.extend({ ticketId: idParam('tkt', 'Ticket id') });
const DeviceEventParams = z.object({ eventId: idParam('evt', 'Event id') });

export const scanningDeviceRoutes = createRouter()
  .openapi(
    deviceRoute({
      method: 'post',
      path: '/device/scan',
      tags: deviceTags,
      summary: 'Scan a ticket online: valid, duplicate (with the first scan), invalid_token, wrong_gate, cancelled, revoked, not_yet_valid …',
      description: 'The same nonce again (a retry) answers the same and records nothing twice. The gate is the open session’s, else the device’s pinned gate.',
      request: { body: jsonBody(ScanRequestSchema) },
      responses: { 409: problem('The scan session has ended (`session_ended`)'), 200: json(ScanOutcomeSchema, 'The decision (every decision is a 200: the result says what to show)') },
    }),
    async (c) => c.json(await scanOnline({ ctx: deviceContext(c), input: c.req.valid('json') }), 200),
  )
  .openapi(
    deviceRoute({
      method: 'post',
      path: '/device/scans/batch',
      tags: deviceTags,
      summary: 'Upload scans made offline (up to 500): decided at the time scanned, earliest scan wins; re-uploads answer the same',
      request: { body: jsonBody(ScanUploadSchema) },
      responses: { 200: json(ScanUploadResultSchema, 'One decision per scan, in the order sent') },
    }),
    async (c) => c.json(await uploadScans({ ctx: deviceContext(c), input: c.req.valid('json') }), 200),
  )
  .openapi(
    deviceRoute({
      method: 'get',
      path: '/device/events/{eventId}/manifest',
      tags: deviceTags,
      summary: 'What an offline scanner needs (keys, gate rules, tickets, revocations, check-ins, its duplicates), from a cursor',
      request: { params: DeviceEventParams, query: ManifestQuery },
      responses: { 200: json(ManifestSchema, 'Changes since the cursor (everything without one)') },
    }),
    async (c) => c.json(await deviceManifest({ ctx: deviceContext(c), eventId: c.req.valid('param').eventId, query: c.req.valid('query') }), 200),
  )
  .openapi(
    deviceRoute({
      method: 'post',
      path: '/device/events/{eventId}/live-ticket',
      tags: deviceTags,
      summary: 'A ticket for the live channel’s gate counts (check-ins, inside, per gate) of an event this device is assigned to',
      description: 'Open `url` as a WebSocket within 60 s; ask for a new ticket on every reconnect. Another event answers 404.',
      request: { params: DeviceEventParams },
      responses: { 201: json(LiveTicketSchema, 'The ticket') },
    }),
    async (c) => c.json(await issueDeviceLiveTicket({ ctx: deviceContext(c), eventId: c.req.valid('param').eventId }), 201),
  );

export const checkInRoutes = createRouter()
  .openapi(
    tenantRoute('checkins.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/scans',
      tags,
      summary: 'Every scan of the event, newest first (filter by result, device or ticket)',
      request: { params: EventParams, query: ScanListQuery },
      responses: { 200: json(pageOf(ScanRecordSchema), 'A page of scans') },
    }),
    async (c) => {
      const { eventId } = c.req.valid('param');
      return c.json(await listScans({ ctx: tenantContext(c), eventId, input: c.req.valid('query') }), 200);
    },
  )
  .openapi(
    tenantRoute('checkins.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/double-admissions',
      tags,
      summary: 'Scans that let someone in on a ticket already used (offline gates, found on upload): per gate and the latest',
      request: { params: EventParams },
      responses: { 200: json(DoubleAdmissionsSchema, 'Counts per gate and the latest 20') },
    }),
    async (c) => c.json(await doubleAdmissions({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId }), 200),
  )
  .openapi(
    tenantRoute('checkins.undo', {
      method: 'post',
      path: '/orgs/{orgId}/events/{eventId}/tickets/{ticketId}/undo-check-in',
      tags,
      summary: 'Undo a mistaken check-in (supervisor): the ticket can enter again; audited with the reason',
      request: { params: TicketParams, body: jsonBody(UndoCheckInSchema) },
      responses: { 200: json(UndoneCheckInSchema, 'Undone'), 409: problem('The ticket is not checked in (`not_checked_in`)') },
    }),
    async (c) => {
      const { eventId, ticketId } = c.req.valid('param');
      return c.json(await undoCheckIn({ ctx: tenantContext(c), eventId, ticketId, reason: c.req.valid('json').reason }), 200);
    },
  );
