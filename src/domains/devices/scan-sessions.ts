/** The device's own side: who it is and what it may scan, and its scan sessions (device, gate, operator, start, end). */
import { and, eq, inArray } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { events } from '../../db/schema/events';
import { devices, scanSessions } from '../../db/schema/scanning';
import { organizations } from '../../db/schema/tenancy';
import { gates } from '../../db/schema/venues';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { NotFoundError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import type { DeviceMe, ScanSession, StartScanSession } from './schemas';

/** A device's request: the tenant context (actor = the device) plus what the device is bound to. */
export type DeviceContext = TenantContext & { device: { id: string; eventIds: readonly string[]; gateId: string | null } };

type SessionRow = typeof scanSessions.$inferSelect;

const toSession = (r: SessionRow): ScanSession => ({
  id: r.id,
  deviceId: r.deviceId,
  eventId: r.eventId,
  gateId: r.gateId,
  operatorName: r.operatorName,
  startedAt: r.startedAt.toISOString(),
  endedAt: r.endedAt ? r.endedAt.toISOString() : null,
});

export async function deviceMe(ctx: DeviceContext): Promise<DeviceMe> {
  const [row] = await ctx.db
    .select({ id: devices.id, name: devices.name, orgName: organizations.name })
    .from(devices)
    .innerJoin(organizations, eq(organizations.id, devices.organizationId))
    .where(and(eq(devices.organizationId, ctx.organizationId), eq(devices.id, ctx.device.id)))
    .limit(1);
  if (!row) throw new NotFoundError('Device');
  const eventRows = ctx.device.eventIds.length
    ? await ctx.db
        .select()
        .from(events)
        .where(and(eq(events.organizationId, ctx.organizationId), inArray(events.id, [...ctx.device.eventIds])))
        .orderBy(events.startsAt)
    : [];
  const [gate] = ctx.device.gateId
    ? await ctx.db
        .select({ id: gates.id, name: gates.name, venueId: gates.venueId })
        .from(gates)
        .where(and(eq(gates.organizationId, ctx.organizationId), eq(gates.id, ctx.device.gateId)))
        .limit(1)
    : [];
  return {
    id: row.id,
    name: row.name,
    organization: { id: ctx.organizationId, name: row.orgName },
    events: eventRows.map((e) => ({
      id: e.id,
      name: e.name,
      status: e.status,
      timezone: e.timezone,
      startsAt: e.startsAt.toISOString(),
      endsAt: e.endsAt.toISOString(),
      doorsAt: e.doorsAt ? e.doorsAt.toISOString() : null,
    })),
    gate: gate ?? null,
  };
}

/** Only one of the device's own events (404 otherwise); a pinned device scans at its gate only. */
export async function startScanSession({ ctx, input }: { ctx: DeviceContext; input: StartScanSession }) {
  if (!ctx.device.eventIds.includes(input.eventId)) throw new NotFoundError('Event');
  const [event] = await ctx.db
    .select({ id: events.id, venueId: events.venueId })
    .from(events)
    .where(and(eq(events.organizationId, ctx.organizationId), eq(events.id, input.eventId)))
    .limit(1);
  if (!event) throw new NotFoundError('Event');
  const pinned = ctx.device.gateId;
  if (pinned && input.gateId && input.gateId !== pinned) {
    throw new ValidationError([{ path: 'body.gateId', message: `This device is pinned to gate ${pinned}` }], 'This device is pinned to another gate.');
  }
  const gateId = input.gateId ?? pinned ?? null;
  if (gateId) {
    const [gate] = await ctx.db
      .select({ id: gates.id })
      .from(gates)
      .where(and(eq(gates.organizationId, ctx.organizationId), eq(gates.id, gateId), eq(gates.venueId, event.venueId)))
      .limit(1);
    if (!gate) throw new ValidationError([{ path: 'body.gateId', message: "Not a gate of the event's venue" }], "The gate must be a gate of the event's venue.");
  }
  const row: SessionRow = {
    id: newId(ID_PREFIXES.scanSession),
    organizationId: ctx.organizationId,
    deviceId: ctx.device.id,
    eventId: event.id,
    gateId,
    operatorName: input.operatorName,
    startedAt: new Date(),
    endedAt: null,
  };
  await writeBatch(ctx.db, [
    ctx.db.insert(scanSessions).values(row),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'scan_session.started',
      resourceType: 'scan_session',
      resourceId: row.id,
      changes: { eventId: row.eventId, gateId: row.gateId, operatorName: row.operatorName },
    }),
  ]);
  return toSession(row);
}

/** Only the device's own sessions: another device's session id is, to it, a session that does not exist. */
async function ownSession(ctx: DeviceContext, sessionId: string) {
  const [row] = await ctx.db
    .select()
    .from(scanSessions)
    .where(and(eq(scanSessions.organizationId, ctx.organizationId), eq(scanSessions.deviceId, ctx.device.id), eq(scanSessions.id, sessionId)))
    .limit(1);
  if (!row) throw new NotFoundError('Scan session');
  return row;
}

export async function getScanSession(ctx: DeviceContext, sessionId: string) {
  return toSession(await ownSession(ctx, sessionId));
}

/** Ending twice answers the same session, ended at the first time. */
export async function endScanSession({ ctx, sessionId }: { ctx: DeviceContext; sessionId: string }) {
  const row = await ownSession(ctx, sessionId);
  if (row.endedAt) return toSession(row);
  const endedAt = new Date();
  await writeBatch(ctx.db, [
    ctx.db
      .update(scanSessions)
      .set({ endedAt })
      .where(and(eq(scanSessions.organizationId, ctx.organizationId), eq(scanSessions.deviceId, ctx.device.id), eq(scanSessions.id, sessionId))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'scan_session.ended', resourceType: 'scan_session', resourceId: sessionId, changes: { endedAt: endedAt.toISOString() } }),
  ]);
  return toSession({ ...row, endedAt });
}
