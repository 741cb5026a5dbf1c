/**
 * For the analytics tests: send a storefront batch, and read analytics_events rows from Postgres (past RLS).
 * `ingest` sends through the real Worker with the analytics queue captured and its journey messages stored at once by
 * the consumer's own code (storeJourney): test files share one local queue, whose consumer may be minutes behind the
 * whole suite's journey steps (as for replication, test/support/replication.ts). The queue path itself is shown by
 * journey-steps.test.ts, which waits for the real consumer.
 */
import { env } from 'cloudflare:test';
import { storeJourney } from '../../src/domains/analytics/store-journey';
import type { JourneyMessage } from '../../src/domains/analytics/schemas';
import { rawPostgres } from './postgres-rows';
import { until } from './wait';
import { BASE } from './api';
import { fetchWorker } from './worker-fetch';

export type JourneyRow = {
  id: string;
  organization_id: string;
  occurred_at: Date;
  event_id: string;
  kind: string;
  source: string;
  ticket_type_id: string | null;
  channel: string;
  referrer_host: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  device_class: string | null;
  locale: string | null;
  visitor_id: string | null;
  ip_network: string | null;
};

/** Every row of one (ticketing) event, whatever its organization. */
export function journeyRows(eventId: string): Promise<JourneyRow[]> {
  return rawPostgres(async (client) => (await client.query<JourneyRow>('select * from analytics_events where event_id = $1 order by occurred_at, id', [eventId])).rows);
}

/** Waits until the event's rows satisfy `enough` (the analytics queue and its consumer run for real). */
export function journeyRowsWhen(eventId: string, what: string, enough: (rows: JourneyRow[]) => boolean, ms = 120_000): Promise<JourneyRow[]> {
  return until(
    what,
    async () => {
      const rows = await journeyRows(eventId);
      return enough(rows) ? rows : null;
    },
    ms,
  );
}

export const analyticsEvent = (eventId: string, over: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  kind: 'page_view',
  occurredAt: new Date().toISOString(),
  eventId,
  ...over,
});

/** An analytics queue binding that keeps what is sent; `store()` hands its journey messages to storeJourney. */
export function capturedAnalyticsQueue() {
  const sent: unknown[] = [];
  const queue = {
    send: async (body: unknown) => void sent.push(body),
    sendBatch: async (batch: Iterable<{ body: unknown }>) => void sent.push(...[...batch].map((m) => m.body)),
  } as unknown as Queue;
  const store = async () => {
    for (const message of sent.splice(0) as { kind: string }[]) if (message.kind === 'journey') await storeJourney(env, message as JourneyMessage);
  };
  return { queue, store, sent };
}

/** POST /public/analytics through the Worker; what it queued is stored before this returns. */
export async function ingest(init: { body?: unknown; rawBody?: string; headers?: Record<string, string> }) {
  const captured = capturedAnalyticsQueue();
  const headers = new Headers(init.headers);
  if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  const request = new Request(`${BASE}/public/analytics`, { method: 'POST', headers, body: init.body !== undefined ? JSON.stringify(init.body) : init.rawBody });
  const res = await fetchWorker({ ...env, ANALYTICS_QUEUE: captured.queue }, request);
  await captured.store();
  return res;
}

export function sendAnalytics(events: unknown[], headers: Record<string, string> = {}) {
  return ingest({ body: { events }, headers });
}
