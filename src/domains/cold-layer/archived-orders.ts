/**
 * The organizer's order history of an archived event, read from Postgres (docs/postgres.md, "Archival"): D1 no longer
 * holds the event's orders once archival started, so the order list (and lookup by id, email or name) answers from
 * the copy. Scoped by organization_id (and RLS). Postgres away → 503 with Retry-After (postgres-client).
 */
import { and, desc, eq, ilike, lt, or } from 'drizzle-orm';
import { orders } from '../../db/postgres';
import { withOrganization } from '../../db/postgres-client';

export type ArchivedOrderQuery = { eventId: string; limit: number; cursor?: string; q?: string; status?: string };

/** The event's archive record, or null when the event is not (being) archived. */
export async function eventArchive(db: D1Database, organizationId: string, eventId: string) {
  return db
    .prepare('SELECT id, event_id, status, started_at, archived_at, counts FROM event_archives WHERE organization_id = ?1 AND event_id = ?2')
    .bind(organizationId, eventId)
    .first<{ id: string; event_id: string; status: 'archiving' | 'archived'; started_at: number; archived_at: number | null; counts: string }>();
}

export async function archivedOrderPage(env: { HYPERDRIVE: Hyperdrive }, organizationId: string, query: ArchivedOrderQuery) {
  const { eventId, limit, cursor, q, status } = query;
  const term = q?.toLowerCase().replace(/[%_\\]/g, '');
  const rows = await withOrganization(env, organizationId, (tx) =>
    tx
      .select({ id: orders.id, eventId: orders.eventId, status: orders.status, buyerName: orders.buyerName, buyerEmail: orders.buyerEmail, totalMinor: orders.totalMinor, currency: orders.currency, createdAt: orders.createdAt })
      .from(orders)
      .where(
        and(
          eq(orders.organizationId, organizationId),
          eq(orders.eventId, eventId),
          status ? eq(orders.status, status) : undefined,
          cursor ? lt(orders.id, cursor) : undefined,
          term ? or(ilike(orders.buyerEmail, `${term}%`), ilike(orders.buyerName, `${term}%`), eq(orders.id, q!)) : undefined,
        ),
      )
      .orderBy(desc(orders.id))
      .limit(limit + 1),
  );
  const items = rows.slice(0, limit).map((o) => ({ ...o, totalMinor: Number(o.totalMinor), createdAt: o.createdAt.toISOString() }));
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
