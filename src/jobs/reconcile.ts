/**
 * Reconciliation, hourly: each event's inventory DO against D1. Sold places in the DO must equal the
 * event's valid tickets in D1; the DO's check-ins must each have a recorded admitting scan in D1 (D1
 * may know more: a supervisor's undo leaves the scan record). Drift is reported (a row, and an error
 * log line operators alert on), never silently "fixed": which side is right needs a person.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { reconciliationReports } from '../db/schema/messaging';
import { tickets } from '../db/schema/orders';
import { scans } from '../db/schema/scanning';
import { inventory } from '../domains/events/inventory-client';
import { ID_PREFIXES, newId } from '../platform/ids';
import { log } from '../platform/logger';
import { eventsInPlay } from './events-in-play';

export async function reconcileEvent(env: Cloudflare.Env, db: Database, e: { id: string; organizationId: string }, at: Date) {
  const { counts, hydrated } = await inventory(env, e.organizationId, e.id).availability();
  if (!hydrated) return null;
  const [sold] = await db
    .select({ n: sql<number>`count(*)` })
    .from(tickets)
    .where(and(eq(tickets.organizationId, e.organizationId), eq(tickets.eventId, e.id), eq(tickets.status, 'valid')));
  const [checked] = await db
    .select({ n: sql<number>`count(distinct ${scans.ticketId})` })
    .from(scans)
    .where(and(eq(scans.organizationId, e.organizationId), eq(scans.eventId, e.id), eq(scans.direction, 'in'), inArray(scans.result, ['valid'])));
  const report = {
    id: newId(ID_PREFIXES.reconciliation),
    organizationId: e.organizationId,
    eventId: e.id,
    ranAt: at,
    doSold: counts.sold,
    dbSold: Number(sold?.n ?? 0),
    doCheckedIn: counts.checkedIn,
    dbCheckedIn: Number(checked?.n ?? 0),
    drift: false,
  };
  report.drift = report.doSold !== report.dbSold || report.doCheckedIn > report.dbCheckedIn;
  await db.insert(reconciliationReports).values(report);
  if (report.drift) log('error', 'inventory drift', { eventId: e.id, organizationId: e.organizationId, doSold: report.doSold, dbSold: report.dbSold, doCheckedIn: report.doCheckedIn, dbCheckedIn: report.dbCheckedIn });
  return report;
}

export async function reconcileAll(env: Cloudflare.Env, db: Database, at: Date) {
  let drifted = 0;
  for (const e of await eventsInPlay(db, at)) {
    const r = await reconcileEvent(env, db, e, at);
    if (r?.drift) drifted++;
  }
  return drifted;
}

/** The safety net behind hold alarms: every on-sale event's inventory frees what is past its expiry now. */
export async function sweepExpiredHolds(env: Cloudflare.Env, db: Database, at: Date) {
  let freed = 0;
  for (const e of (await eventsInPlay(db, at)).filter((x) => x.status === 'on_sale')) {
    freed += (await inventory(env, e.organizationId, e.id).sweepExpired()).freed;
  }
  if (freed) log('warn', 'cron freed expired holds an alarm had missed', { freed });
  return freed;
}
