/**
 * Double admissions of an event: the scans that let someone in on a ticket already used (an offline gate that
 * could not know, found when its scans were uploaded). The dashboard counts them per gate so a supervisor can see
 * where the offline gates leak, and lists the latest to follow up.
 */
import { and, count, desc, eq } from 'drizzle-orm';
import { scans } from '../../db/schema/scanning';
import type { TenantContext } from '../../platform/context';
import { loadEvent } from '../events/events';
import { scanPartyNames } from './scan';

const RECENT = 20;

export async function doubleAdmissions({ ctx, eventId }: { ctx: TenantContext; eventId: string }) {
  await loadEvent(ctx, eventId);
  const where = and(eq(scans.organizationId, ctx.organizationId), eq(scans.eventId, eventId), eq(scans.doubleAdmission, true));
  const [perGate, recent] = await Promise.all([
    ctx.db.select({ gateId: scans.gateId, count: count() }).from(scans).where(where).groupBy(scans.gateId),
    ctx.db
      .select({ id: scans.id, ticketId: scans.ticketId, scannedAt: scans.scannedAt, gateId: scans.gateId, deviceId: scans.deviceId, offline: scans.offline })
      .from(scans)
      .where(where)
      .orderBy(desc(scans.scannedAt), desc(scans.id))
      .limit(RECENT),
  ]);
  const names = await scanPartyNames(ctx.db, ctx.organizationId, [...perGate.map((g) => ({ gateId: g.gateId, deviceId: null })), ...recent]);
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return {
    total: perGate.reduce((n, g) => n + g.count, 0),
    gates: perGate.map((g) => ({ gateId: g.gateId, gateName: nameOf(g.gateId), count: g.count })).sort((a, b) => b.count - a.count || (a.gateName ?? '').localeCompare(b.gateName ?? '')),
    recent: recent.map((r) => ({
      scanId: r.id,
      ticketId: r.ticketId,
      scannedAt: r.scannedAt.toISOString(),
      gateId: r.gateId,
      gateName: nameOf(r.gateId),
      deviceId: r.deviceId,
      deviceName: nameOf(r.deviceId),
      offline: r.offline,
    })),
  };
}
