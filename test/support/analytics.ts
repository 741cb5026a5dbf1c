/** For the analytics tests: send a storefront batch, and read analytics_events rows from Postgres (past RLS). */
import { rawPostgres } from './postgres-rows';
import { until } from './wait';
import { api } from './api';

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
export function journeyRowsWhen(eventId: string, what: string, enough: (rows: JourneyRow[]) => boolean, ms = 30_000): Promise<JourneyRow[]> {
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

export function sendAnalytics(events: unknown[], headers: Record<string, string> = {}) {
  return api('POST', '/public/analytics', { body: { events }, headers });
}
