/** Scanner devices: the organizer's management routes (/orgs/{orgId}/devices) and the device's own routes (/device). */
import type { Context } from 'hono';
import { devicePrincipalOf } from '../../platform/auth';
import { createRouter, deviceRoute, idParam, json, jsonBody, mintsSecret, OrgParams, pageOf, PageQuery, tenantRoute, z } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { createDevice, getDevice, listDevices, revokeDevice, updateDevice } from './devices';
import { deviceMe, endScanSession, getScanSession, startScanSession, type DeviceContext } from './scan-sessions';
import { CreatedDeviceSchema, CreateDeviceSchema, DeviceMeSchema, DeviceSchema, ScanSessionSchema, StartScanSessionSchema, UpdateDeviceSchema } from './schemas';

const DeviceParams = OrgParams.extend({ deviceId: idParam('dev', 'Device id') });
const SessionParams = z.object({ sessionId: idParam('scs', 'Scan session id') });
const tags = ['Devices'];
const deviceTags = ['Device (scanner)'];

/** The device's request context: the tenant (actor = the device) plus what the device is bound to. */
export function deviceContext(c: Context): DeviceContext {
  const principal = devicePrincipalOf(c);
  return { ...tenantContext(c), device: { id: principal.deviceId, eventIds: principal.eventIds, gateId: principal.gateId } };
}

export const deviceRoutes = createRouter()
  .openapi(
    tenantRoute('devices.read', {
      method: 'get',
      path: '/orgs/{orgId}/devices',
      tags,
      summary: 'List scanner devices (token prefixes, never tokens)',
      request: { params: OrgParams, query: PageQuery },
      responses: { 200: json(pageOf(DeviceSchema), 'A page of devices') },
    }),
    async (c) => c.json(await listDevices({ ctx: tenantContext(c), input: c.req.valid('query') }), 200),
  )
  .openapi(
    mintsSecret(tenantRoute('devices.manage', {
      method: 'post',
      path: '/orgs/{orgId}/devices',
      tags,
      summary: 'Register a scanner device for events (and optionally a gate); the token is in this response only',
      request: { params: OrgParams, body: jsonBody(CreateDeviceSchema) },
      responses: { 201: json(CreatedDeviceSchema, 'Registered') },
    })),
    async (c) => c.json(await createDevice({ ctx: tenantContext(c), input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('devices.read', {
      method: 'get',
      path: '/orgs/{orgId}/devices/{deviceId}',
      tags,
      summary: 'One scanner device',
      request: { params: DeviceParams },
      responses: { 200: json(DeviceSchema, 'The device') },
    }),
    async (c) => c.json(await getDevice(tenantContext(c), c.req.valid('param').deviceId), 200),
  )
  .openapi(
    tenantRoute('devices.manage', {
      method: 'patch',
      path: '/orgs/{orgId}/devices/{deviceId}',
      tags,
      summary: 'Rename a device or change its events and gate',
      request: { params: DeviceParams, body: jsonBody(UpdateDeviceSchema) },
      responses: { 200: json(DeviceSchema, 'Updated') },
    }),
    async (c) => c.json(await updateDevice({ ctx: tenantContext(c), deviceId: c.req.valid('param').deviceId, input: c.req.valid('json') }), 200),
  )
  .openapi(
    tenantRoute('devices.manage', {
      method: 'delete',
      path: '/orgs/{orgId}/devices/{deviceId}',
      tags,
      summary: 'Revoke a device (it is refused from its next request on)',
      request: { params: DeviceParams },
      responses: { 200: json(DeviceSchema, 'Revoked') },
    }),
    async (c) => c.json(await revokeDevice({ ctx: tenantContext(c), deviceId: c.req.valid('param').deviceId }), 200),
  );

export const deviceSideRoutes = createRouter()
  .openapi(
    deviceRoute({
      method: 'get',
      path: '/device/me',
      tags: deviceTags,
      summary: 'This device: its name, organization, the events it may scan and its pinned gate',
      responses: { 200: json(DeviceMeSchema, 'The device') },
    }),
    async (c) => c.json(await deviceMe(deviceContext(c)), 200),
  )
  .openapi(
    deviceRoute({
      method: 'post',
      path: '/device/scan-sessions',
      tags: deviceTags,
      summary: "Start a scan session for one of this device's events, at a gate, with an operator",
      request: { body: jsonBody(StartScanSessionSchema) },
      responses: { 201: json(ScanSessionSchema, 'Started') },
    }),
    async (c) => c.json(await startScanSession({ ctx: deviceContext(c), input: c.req.valid('json') }), 201),
  )
  .openapi(
    deviceRoute({
      method: 'get',
      path: '/device/scan-sessions/{sessionId}',
      tags: deviceTags,
      summary: "One of this device's scan sessions",
      request: { params: SessionParams },
      responses: { 200: json(ScanSessionSchema, 'The session') },
    }),
    async (c) => c.json(await getScanSession(deviceContext(c), c.req.valid('param').sessionId), 200),
  )
  .openapi(
    deviceRoute({
      method: 'post',
      path: '/device/scan-sessions/{sessionId}/end',
      tags: deviceTags,
      summary: 'End a scan session (ending it again answers the same)',
      request: { params: SessionParams },
      responses: { 200: json(ScanSessionSchema, 'Ended') },
    }),
    async (c) => c.json(await endScanSession({ ctx: deviceContext(c), sessionId: c.req.valid('param').sessionId }), 200),
  );
