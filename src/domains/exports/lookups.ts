/**
 * The names an export shows beside the Postgres copy's figures (kinds/*.ts): events, ticket types, coupons, devices,
 * gates and gate sessions live in D1's small reference tables, read once per page by id, scoped by the organization.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { events, ticketTypes } from '../../db/schema/events';
import { coupons } from '../../db/schema/pricing';
import { devices, scanSessions } from '../../db/schema/scanning';
import { gates } from '../../db/schema/venues';

const distinct = (ids: readonly (string | null | undefined)[]) => [...new Set(ids.filter((id): id is string => !!id))];

/** D1 caps bound parameters per statement: look ids up in chunks. */
async function inChunks<T>(ids: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 90) out.push(...(await read(ids.slice(i, i + 90))));
  return out;
}

export async function eventsById(db: Database, organizationId: string, ids: readonly string[]) {
  const rows = await inChunks(distinct(ids), (chunk) =>
    db.select({ id: events.id, name: events.name, timezone: events.timezone }).from(events).where(and(eq(events.organizationId, organizationId), inArray(events.id, chunk))),
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** id → name of the organization's ticket types, coupons (code), devices, gates, and gate sessions (operator). */
export async function namesById(db: Database, organizationId: string, kind: 'ticketTypes' | 'coupons' | 'devices' | 'gates' | 'sessions', ids: readonly (string | null | undefined)[]) {
  const wanted = distinct(ids);
  const read = (chunk: string[]): Promise<{ id: string; name: string | null }[]> => {
    switch (kind) {
      case 'ticketTypes':
        return db.select({ id: ticketTypes.id, name: ticketTypes.name }).from(ticketTypes).where(and(eq(ticketTypes.organizationId, organizationId), inArray(ticketTypes.id, chunk)));
      case 'coupons':
        return db.select({ id: coupons.id, name: coupons.code }).from(coupons).where(and(eq(coupons.organizationId, organizationId), inArray(coupons.id, chunk)));
      case 'devices':
        return db.select({ id: devices.id, name: devices.name }).from(devices).where(and(eq(devices.organizationId, organizationId), inArray(devices.id, chunk)));
      case 'gates':
        return db.select({ id: gates.id, name: gates.name }).from(gates).where(and(eq(gates.organizationId, organizationId), inArray(gates.id, chunk)));
      case 'sessions':
        return db.select({ id: scanSessions.id, name: scanSessions.operatorName }).from(scanSessions).where(and(eq(scanSessions.organizationId, organizationId), inArray(scanSessions.id, chunk)));
    }
  };
  const rows = wanted.length ? await inChunks(wanted, read) : [];
  return new Map(rows.map((r) => [r.id, r.name]));
}
