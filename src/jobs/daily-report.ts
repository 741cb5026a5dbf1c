/**
 * The organizers' daily sales report, emailed at 06:00 UTC to each organization's owners and admins:
 * yesterday's (UTC) paid orders, tickets and revenue per event and currency. Organizations without
 * sales yesterday get no email. Deduplicated per organization and day.
 */
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { writeBatch } from '../db/client';
import type { Database } from '../db/client';
import { events } from '../db/schema/events';
import { orders } from '../db/schema/orders';
import { formatMoney } from '../platform/money';
import { queueEmail } from '../domains/notifications/port';
import { organizationContacts } from '../domains/organizations/queries';

export async function queueDailyReports(env: Cloudflare.Env, db: Database, at: Date): Promise<number> {
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const start = new Date(end.getTime() - 86_400_000);
  const day = start.toISOString().slice(0, 10);
  const rows = await db
    .select({
      organizationId: orders.organizationId,
      eventName: events.name,
      currency: orders.currency,
      orders: sql<number>`count(*)`,
      revenue: sql<number>`sum(${orders.totalMinor})`,
    })
    .from(orders)
    .innerJoin(events, eq(events.id, orders.eventId))
    .where(and(inArray(orders.status, ['paid', 'partially_refunded']), gte(orders.paidAt, start), lt(orders.paidAt, end)))
    .groupBy(orders.organizationId, events.id, orders.currency);
  const byOrg = new Map<string, typeof rows>();
  for (const r of rows) byOrg.set(r.organizationId, [...(byOrg.get(r.organizationId) ?? []), r]);
  let queued = 0;
  for (const [organizationId, lines] of byOrg) {
    const { emails, locale } = await organizationContacts(db, organizationId);
    const report = lines.map((l) => `• ${l.eventName}: ${l.orders} ${locale === 'af' ? 'bestellings' : 'orders'}, ${formatMoney(Number(l.revenue), l.currency, locale)}`).join('\n');
    const ctx = { db, env, requestId: `cron:daily-report:${day}`, ip: null, userAgent: null };
    await writeBatch(
      db,
      emails.map((to) => queueEmail(ctx, { organizationId, to, template: 'daily_report', locale, payload: { reportDate: day, report }, dedupeKey: `daily_report:${organizationId}:${day}:${to}` })),
    );
    queued += emails.length;
  }
  return queued;
}
