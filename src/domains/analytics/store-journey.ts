/**
 * The analytics queue's `journey` messages (consumer.ts): inserts the items into Postgres' analytics_events, one
 * transaction per organization (row-level security set to it), `on conflict (id, occurred_at) do nothing` — a
 * redelivered message, or a batch the storefront sent twice, inserts nothing twice. A failure throws, so the queue
 * retries the message (and dead-letters it after its retries).
 */
import { postgres } from '../../db/postgres-client';
import { sql } from 'drizzle-orm';
import type { JourneyItem, JourneyMessage } from './schemas';

type Env = Pick<Cloudflare.Env, 'HYPERDRIVE'>;

/** The table's columns, in the order rows are handed over (jsonb_to_recordset's record type names them again). */
const COLUMNS = [
  ['id', 'text'],
  ['organization_id', 'text'],
  ['occurred_at', 'timestamptz'],
  ['event_id', 'text'],
  ['kind', 'text'],
  ['source', 'text'],
  ['ticket_type_id', 'text'],
  ['channel', 'text'],
  ['referrer_host', 'text'],
  ['utm_source', 'text'],
  ['utm_medium', 'text'],
  ['utm_campaign', 'text'],
  ['device_class', 'text'],
  ['locale', 'text'],
  ['visitor_id', 'text'],
  ['ip_network', 'text'],
] as const;
const NAMES = sql.raw(COLUMNS.map(([name]) => name).join(', '));
const RECORD = sql.raw(COLUMNS.map(([name, type]) => `${name} ${type}`).join(', '));

const toRecord = (i: JourneyItem) => ({
  id: i.id,
  organization_id: i.organizationId,
  occurred_at: new Date(i.occurredAt).toISOString(),
  event_id: i.eventId,
  kind: i.kind,
  source: i.source,
  ticket_type_id: i.ticketTypeId,
  channel: i.channel,
  referrer_host: i.referrerHost,
  utm_source: i.utmSource,
  utm_medium: i.utmMedium,
  utm_campaign: i.utmCampaign,
  device_class: i.deviceClass,
  locale: i.locale,
  visitor_id: i.visitorId,
  ip_network: i.ipNetwork,
});

/**
 * Resolves to the number of rows inserted (items already there count nowhere). The rows travel as one JSON parameter
 * (jsonb_to_recordset) rather than 16 parameters a row: one statement to parse and plan however many items, which is
 * what lets the consumer keep up with a sale's traffic (bench:analytics, docs/benchmarks.md).
 */
export async function storeJourney(env: Env, message: JourneyMessage): Promise<number> {
  return storeJourneyItems(env, message.items);
}

/** Stores items of any organizations: one transaction per organization (row-level security set to it). */
export async function storeJourneyItems(env: Env, all: readonly JourneyItem[]): Promise<number> {
  const byOrganization = new Map<string, JourneyItem[]>();
  for (const item of all) {
    const items = byOrganization.get(item.organizationId);
    if (items) items.push(item);
    else byOrganization.set(item.organizationId, [item]);
  }
  let inserted = 0;
  const pg = postgres(env);
  try {
    for (const [organizationId, items] of byOrganization) {
      inserted += await pg.forOrganization(organizationId, async (tx) => {
        const result = await tx.execute(sql`with stored as (
            insert into analytics_events (${NAMES})
            select ${NAMES} from jsonb_to_recordset(${JSON.stringify(items.map(toRecord))}::jsonb) as r(${RECORD})
            on conflict (id, occurred_at) do nothing
            returning 1
          ) select count(*)::int as n from stored`);
        return Number((result.rows[0] as { n: number }).n);
      });
    }
  } finally {
    await pg.close();
  }
  return inserted;
}
