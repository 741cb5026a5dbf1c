/**
 * The analytics queue's `journey` messages (consumer.ts): inserts the items into Postgres' analytics_events, one
 * transaction per organization (row-level security set to it), `on conflict (id, occurred_at) do nothing` — a
 * redelivered message, or a batch the storefront sent twice, inserts nothing twice. A failure throws, so the queue
 * retries the message (and dead-letters it after its retries).
 */
import { postgres } from '../../db/postgres-client';
import { analyticsEvents } from '../../db/postgres';
import type { JourneyItem, JourneyMessage } from './schemas';

type Env = Pick<Cloudflare.Env, 'HYPERDRIVE'>;

const toRow = (i: JourneyItem): typeof analyticsEvents.$inferInsert => ({
  id: i.id,
  organizationId: i.organizationId,
  occurredAt: new Date(i.occurredAt),
  eventId: i.eventId,
  kind: i.kind,
  source: i.source,
  ticketTypeId: i.ticketTypeId,
  channel: i.channel,
  referrerHost: i.referrerHost,
  utmSource: i.utmSource,
  utmMedium: i.utmMedium,
  utmCampaign: i.utmCampaign,
  deviceClass: i.deviceClass,
  locale: i.locale,
  visitorId: i.visitorId,
  ipNetwork: i.ipNetwork,
});

/** Resolves to the number of rows inserted (items already there count nowhere). */
export async function storeJourney(env: Env, message: JourneyMessage): Promise<number> {
  const byOrganization = new Map<string, JourneyItem[]>();
  for (const item of message.items) byOrganization.set(item.organizationId, [...(byOrganization.get(item.organizationId) ?? []), item]);
  let inserted = 0;
  const pg = postgres(env);
  try {
    for (const [organizationId, items] of byOrganization) {
      inserted += await pg.forOrganization(organizationId, async (tx) => {
        const rows = await tx
          .insert(analyticsEvents)
          .values(items.map(toRow))
          .onConflictDoNothing({ target: [analyticsEvents.id, analyticsEvents.occurredAt] })
          .returning({ id: analyticsEvents.id });
        return rows.length;
      });
    }
  } finally {
    await pg.close();
  }
  return inserted;
}
