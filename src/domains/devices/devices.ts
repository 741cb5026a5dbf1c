/** Scanner devices: register (token shown once, SHA-256 stored with a visible prefix), list, rename or re-assign, revoke. */
import { isoOrNull as iso } from '../../platform/time';
import { and, eq, inArray } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { events } from '../../db/schema/events';
import { devices } from '../../db/schema/scanning';
import { gates } from '../../db/schema/venues';
import { auditEntry, diff } from '../../platform/audit';
import { DEVICE_TOKEN_PREFIX } from '../../platform/auth';
import type { TenantContext } from '../../platform/context';
import { sha256Hex } from '../../platform/crypto';
import { NotFoundError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId, randomToken } from '../../platform/ids';
import { newestFirstPage } from '../../db/keyset';
import { credentialStatus } from '../shared-schemas';
import type { CreateDevice, Device, UpdateDevice } from './schemas';

type DeviceRow = typeof devices.$inferSelect;


/** The public view of a device: never its token or the token's hash. */
export const toDevice = (r: DeviceRow): Device => ({
  id: r.id,
  name: r.name,
  tokenPrefix: r.tokenPrefix,
  eventIds: r.eventIds,
  gateId: r.gateId,
  createdByUserId: r.createdByUserId,
  lastSeenAt: iso(r.lastSeenAt),
  expiresAt: iso(r.expiresAt),
  status: credentialStatus(r),
  revokedAt: iso(r.revokedAt),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Every event must be this organization's (422 otherwise); a gate must belong to the venue of one of them. */
async function checkAssignment(ctx: TenantContext, eventIds: readonly string[], gateId: string | null | undefined) {
  const found = await ctx.db
    .select({ id: events.id, venueId: events.venueId })
    .from(events)
    .where(and(eq(events.organizationId, ctx.organizationId), inArray(events.id, [...eventIds])));
  const known = new Set(found.map((e) => e.id));
  const missing = eventIds.filter((id) => !known.has(id));
  if (missing.length) throw new ValidationError([{ path: 'body.eventIds', message: `Not events of this organization: ${missing.join(', ')}` }], 'Every event must belong to this organization.');
  if (!gateId) return;
  const [gate] = await ctx.db
    .select({ id: gates.id, venueId: gates.venueId })
    .from(gates)
    .where(and(eq(gates.organizationId, ctx.organizationId), eq(gates.id, gateId)))
    .limit(1);
  if (!gate || !found.some((e) => e.venueId === gate.venueId)) {
    throw new ValidationError([{ path: 'body.gateId', message: "Not a gate of these events' venue" }], "The gate must be a gate of the events' venue.");
  }
}

export async function createDevice({ ctx, input }: { ctx: TenantContext; input: CreateDevice }) {
  await checkAssignment(ctx, input.eventIds, input.gateId);
  const token = `${DEVICE_TOKEN_PREFIX}${randomToken(32)}`;
  const now = new Date();
  const row: DeviceRow = {
    id: newId(ID_PREFIXES.device),
    organizationId: ctx.organizationId,
    name: input.name,
    tokenPrefix: token.slice(0, DEVICE_TOKEN_PREFIX.length + 8),
    tokenHash: await sha256Hex(token),
    eventIds: input.eventIds,
    gateId: input.gateId ?? null,
    createdByUserId: ctx.actor.userId ?? ctx.actor.id,
    lastSeenAt: null,
    expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    revokedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await writeBatch(ctx.db, [
    ctx.db.insert(devices).values(row),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'device.created',
      resourceType: 'device',
      resourceId: row.id,
      changes: { name: row.name, tokenPrefix: row.tokenPrefix, eventIds: row.eventIds, gateId: row.gateId, expiresAt: iso(row.expiresAt) },
    }),
  ]);
  return { ...toDevice(row), token };
}

export async function listDevices({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string } }) {
  const page = await newestFirstPage(devices.id, input, (k) =>
    ctx.db
      .select()
      .from(devices)
      .where(and(eq(devices.organizationId, ctx.organizationId), k.after))
      .orderBy(k.order)
      .limit(k.limit),
  );
  return { items: page.items.map(toDevice), nextCursor: page.nextCursor };
}

async function getRow(ctx: TenantContext, deviceId: string) {
  const [row] = await ctx.db
    .select()
    .from(devices)
    .where(and(eq(devices.organizationId, ctx.organizationId), eq(devices.id, deviceId)))
    .limit(1);
  if (!row) throw new NotFoundError('Device');
  return row;
}

export async function getDevice(ctx: TenantContext, deviceId: string) {
  return toDevice(await getRow(ctx, deviceId));
}

/** Rename, or change the events and gate; the gate is checked against the events the device ends up with. */
export async function updateDevice({ ctx, deviceId, input }: { ctx: TenantContext; deviceId: string; input: UpdateDevice }) {
  const row = await getRow(ctx, deviceId);
  const eventIds = input.eventIds ?? row.eventIds;
  const gateId = input.gateId === undefined ? row.gateId : input.gateId;
  if (input.eventIds !== undefined || input.gateId !== undefined) await checkAssignment(ctx, eventIds, gateId);
  const changes = diff({ name: row.name, eventIds: row.eventIds, gateId: row.gateId }, { name: input.name, eventIds: input.eventIds, gateId: input.gateId });
  if (Object.keys(changes).length === 0) return toDevice(row);
  const updated: DeviceRow = { ...row, name: input.name ?? row.name, eventIds, gateId, updatedAt: new Date() };
  await writeBatch(ctx.db, [
    ctx.db
      .update(devices)
      .set({ name: updated.name, eventIds: updated.eventIds, gateId: updated.gateId, updatedAt: updated.updatedAt })
      .where(and(eq(devices.organizationId, ctx.organizationId), eq(devices.id, deviceId))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'device.updated', resourceType: 'device', resourceId: deviceId, changes }),
  ]);
  return toDevice(updated);
}

/** Revoking twice answers the same device, revoked at the first time. The device is refused on its next request. */
export async function revokeDevice({ ctx, deviceId }: { ctx: TenantContext; deviceId: string }) {
  const row = await getRow(ctx, deviceId);
  if (row.revokedAt) return toDevice(row);
  const revokedAt = new Date();
  await writeBatch(ctx.db, [
    ctx.db
      .update(devices)
      .set({ revokedAt, updatedAt: revokedAt })
      .where(and(eq(devices.organizationId, ctx.organizationId), eq(devices.id, deviceId))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'device.revoked', resourceType: 'device', resourceId: deviceId, changes: { name: row.name, tokenPrefix: row.tokenPrefix } }),
  ]);
  return toDevice({ ...row, revokedAt, updatedAt: revokedAt });
}
