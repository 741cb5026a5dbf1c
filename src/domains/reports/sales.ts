/**
 * Sales by day, by ticket type or by channel, from the Postgres copy (docs/postgres.md, "Reports"): orders that were
 * paid (paid, partially refunded or refunded later) with their payment time in [from, to), one row per group and
 * currency — orders, tickets, gross, refunded and net in minor units. Days are calendar days in the report's time zone
 * (the event's, else the organization's), so an evening sale in Johannesburg is on that day, not the next UTC one.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgTransaction } from '../../db/postgres-client';

export const SALES_GROUPS = ['day', 'ticket_type', 'channel'] as const;
export type SalesGroup = (typeof SALES_GROUPS)[number];
export type SalesRow = { key: string; currency: string; orders: number; tickets: number; grossMinor: number; refundedMinor: number; netMinor: number };
export type SalesQuery = { eventId?: string; groupBy: SalesGroup; from?: Date; to?: Date; timezone: string };

const SOLD = ['paid', 'partially_refunded', 'refunded'];

/** The orders a sales figure counts: the organization's sold orders, of one event if given, paid in [from, to). */
function soldFilters(organizationId: string, q: { eventId?: string; from?: Date; to?: Date }): SQL {
  return sql.join(
    [
      sql`o.organization_id = ${organizationId}`,
      sql`o.status in (${sql.join(SOLD.map((s) => sql`${s}`), sql`, `)})`,
      q.eventId ? sql`o.event_id = ${q.eventId}` : null,
      q.from ? sql`o.paid_at >= ${q.from.toISOString()}` : null,
      q.to ? sql`o.paid_at < ${q.to.toISOString()}` : null,
    ].filter((f): f is SQL => f !== null),
    sql` and `,
  );
}

export async function salesFromCopy(tx: PgTransaction, organizationId: string, q: SalesQuery): Promise<SalesRow[]> {
  // Raw SQL with explicit aliases: the grouping key is an expression over a parameter (the time zone), which must be
  // grouped by position, and orders and order_lines share column names.
  const filters = soldFilters(organizationId, q);
  const result =
    q.groupBy === 'ticket_type'
      ? // Per line (a line is one ticket; its total carries its share of fees and discount). Refunds are per order, so
        // a ticket type's refunded figure is its lines' share of their orders' refunds (pro rata by line total).
        await tx.execute(sql`
          select l.ticket_type_id as key, o.currency, count(distinct o.id) as orders, count(*) as tickets,
                 coalesce(sum(l.total_minor), 0) as gross,
                 coalesce(sum(case when o.total_minor > 0 then round(o.refunded_minor::numeric * l.total_minor / o.total_minor) else 0 end), 0) as refunded
            from order_lines l join orders o on o.organization_id = l.organization_id and o.id = l.order_id
           where l.organization_id = ${organizationId} and ${filters}
           group by 1, 2 order by 1, 2`)
      : await tx.execute(sql`
          select ${q.groupBy === 'day' ? sql`to_char(o.paid_at at time zone ${q.timezone}, 'YYYY-MM-DD')` : sql`o.channel`} as key, o.currency,
                 count(*) as orders, coalesce(sum(n.tickets), 0) as tickets,
                 coalesce(sum(o.total_minor), 0) as gross, coalesce(sum(o.refunded_minor), 0) as refunded
            from orders o
            left join lateral (select count(*) as tickets from order_lines l where l.organization_id = o.organization_id and l.order_id = o.id) n on true
           where ${filters}
           group by 1, 2 order by 1, 2`);
  return (result.rows as { key: string; currency: string; orders: string; tickets: string; gross: string; refunded: string }[]).map(toRow);
}

function toRow(r: { key: string; currency: string; orders: string; tickets: string; gross: string; refunded: string }): SalesRow {
  const grossMinor = Number(r.gross);
  const refundedMinor = Number(r.refunded);
  return { key: r.key, currency: r.currency, orders: Number(r.orders), tickets: Number(r.tickets), grossMinor, refundedMinor, netMinor: grossMinor - refundedMinor };
}

export const SALES_BUCKETS = ['hour', 'day'] as const;
export type SalesBucket = (typeof SALES_BUCKETS)[number];
export type SalesBucketRow = Omit<SalesRow, 'key'> & { /** The bucket's first instant (ISO, UTC). */ start: string; /** Its local label: YYYY-MM-DD, or YYYY-MM-DDTHH:00 for an hour. */ key: string };

/**
 * Sales over time (the console's history dashboard, src/domains/history/): the same orders and figures as the report
 * by day, per hour or per calendar day in the time zone, each bucket per currency, with the bucket's first instant.
 * `date_trunc(field, timestamptz, zone)` cuts at the zone's own hours and midnights (half-hour offsets, DST), so a
 * bucket is a wall-clock hour or day there; only buckets with sales are returned, oldest first.
 */
export async function salesOverTime(
  tx: PgTransaction,
  organizationId: string,
  q: { eventId?: string; from?: Date; to?: Date; timezone: string; bucket: SalesBucket },
): Promise<SalesBucketRow[]> {
  const unit = q.bucket === 'hour' ? sql`'hour'` : sql`'day'`;
  const format = q.bucket === 'hour' ? sql`'YYYY-MM-DD"T"HH24:00'` : sql`'YYYY-MM-DD'`;
  const result = await tx.execute(sql`
    select b.start, to_char(b.start at time zone ${q.timezone}, ${format}) as key, b.currency, b.orders, b.tickets, b.gross, b.refunded
      from (select date_trunc(${unit}, o.paid_at, ${q.timezone}) as start, o.currency,
                   count(*) as orders, coalesce(sum(n.tickets), 0) as tickets,
                   coalesce(sum(o.total_minor), 0) as gross, coalesce(sum(o.refunded_minor), 0) as refunded
              from orders o
              left join lateral (select count(*) as tickets from order_lines l where l.organization_id = o.organization_id and l.order_id = o.id) n on true
             where ${soldFilters(organizationId, q)}
             group by 1, 2) b
     order by 1, 3`);
  return (result.rows as { start: Date | string; key: string; currency: string; orders: string; tickets: string; gross: string; refunded: string }[]).map((r) => ({
    ...toRow(r),
    start: new Date(r.start).toISOString(),
  }));
}
