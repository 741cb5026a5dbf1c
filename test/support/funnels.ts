/**
 * For the funnel tests: journey rows written straight into analytics_events (past RLS, as the consumer would store
 * them), and the hand-made fixture the snapshot and conversion tests compute by hand (test/domains/funnels/).
 */
import { rawPostgres } from './postgres-rows';

export type Row = {
  at: string;
  kind: string;
  visitor: string | null;
  channel?: string;
  ticketTypeId?: string | null;
  device?: string | null;
  referrer?: string | null;
  recordedAt?: string;
};

export async function storeRows(organizationId: string, eventId: string, rows: Row[]) {
  await rawPostgres(async (client) => {
    for (const r of rows) {
      await client.query(
        `insert into analytics_events (id, organization_id, occurred_at, event_id, kind, source, ticket_type_id, channel, referrer_host, device_class, visitor_id, recorded_at)
         values ($1, $2, $3, $4, $5, 'client', $6, $7, $8, $9, $10, coalesce($11::timestamptz, now()))`,
        [crypto.randomUUID(), organizationId, r.at, eventId, r.kind, r.ticketTypeId ?? null, r.channel ?? 'storefront', r.referrer ?? null, r.device ?? 'desktop', r.visitor, r.recordedAt ?? null],
      );
    }
  });
}

export const T1 = 'tty_fixtureone000000000000000';
export const T2 = 'tty_fixturetwo000000000000000';
export const NEWS = 'news.example';
export const SOCIAL = 'social.example';
/** Two local days in Africa/Johannesburg (UTC+2, no DST): a row at 22:00Z or later is on the next local day. */
export const DAY1 = '2026-11-30';
export const DAY2 = '2026-12-01';

/**
 * The hand-made journey (times UTC; local = UTC+2). Gaps in seconds are from the visitor's previous step.
 *
 * DAY1 (2026-11-30 local):
 *  vA storefront, desktop, from news: page_view 08:00:00, seat_map 08:01:00 (+60), ticket_selected T1 08:02:00 (+60),
 *     hold T1 08:02:30 (+30), checkout 08:04:30 (+120), payment 08:04:40 (+10), order 08:05:40 (+60); a second
 *     page_view 08:10:00 (an event, not a visitor).
 *  vB storefront, mobile, from social, general admission: page_view 09:00, ticket_selected T2 09:03 (+180 from the
 *     page view: no seat map), hold T2 09:04 (+60), hold_expired T2 09:19 (+900 from the hold).
 *  vC box office, desktop, no referrer: page_view 10:00, seat_map 10:02 (+120), ticket_selected T1 10:03 (+60),
 *     hold T1 10:05 (+120), checkout 10:06 (+60), payment 10:07 (+60), payment_failed 10:08 (+60 from payment).
 *  vD storefront, out of order: ticket_selected T1 11:00, then page_view 11:05 (no earlier step: no gap).
 *  DNT (no visitor id): page_view 12:00, order_completed 12:10 — events only.
 *  vE storefront, from news: page_view 21:30Z = 23:30 local on DAY1 …
 * DAY2 (2026-12-01 local):
 *  … vE: ticket_selected T2 22:30Z Nov 30 = 00:30 local (no earlier step that day: no gap), hold T2 22:31 (+60),
 *     checkout 22:33 (+120), payment 22:33:20 (+20), order 22:34:20 (+60).
 *  vF storefront, from news: page_view 06:00:00, seat_map 06:00:30 (+30), ticket_selected T1 06:01:30 (+60),
 *     hold T1 06:02:00 (+30), checkout 06:03:00 (+60), payment 06:03:30 (+30), order 06:04:30 (+60).
 */
export const JOURNEY: Row[] = [
  ...steps('vA_fixture_visitor_a', { referrer: NEWS }, [
    ['2026-11-30T08:00:00Z', 'page_view'],
    ['2026-11-30T08:01:00Z', 'seat_map_opened'],
    ['2026-11-30T08:02:00Z', 'ticket_selected', T1],
    ['2026-11-30T08:02:30Z', 'hold_made', T1],
    ['2026-11-30T08:04:30Z', 'checkout_started'],
    ['2026-11-30T08:04:40Z', 'payment_started'],
    ['2026-11-30T08:05:40Z', 'order_completed'],
    ['2026-11-30T08:10:00Z', 'page_view'],
  ]),
  ...steps('vB_fixture_visitor_b', { referrer: SOCIAL, device: 'mobile' }, [
    ['2026-11-30T09:00:00Z', 'page_view'],
    ['2026-11-30T09:03:00Z', 'ticket_selected', T2],
    ['2026-11-30T09:04:00Z', 'hold_made', T2],
    ['2026-11-30T09:19:00Z', 'hold_expired', T2],
  ]),
  ...steps('vC_fixture_visitor_c', { channel: 'box_office' }, [
    ['2026-11-30T10:00:00Z', 'page_view'],
    ['2026-11-30T10:02:00Z', 'seat_map_opened'],
    ['2026-11-30T10:03:00Z', 'ticket_selected', T1],
    ['2026-11-30T10:05:00Z', 'hold_made', T1],
    ['2026-11-30T10:06:00Z', 'checkout_started'],
    ['2026-11-30T10:07:00Z', 'payment_started'],
    ['2026-11-30T10:08:00Z', 'payment_failed'],
  ]),
  ...steps('vD_fixture_visitor_d', {}, [
    ['2026-11-30T11:00:00Z', 'ticket_selected', T1],
    ['2026-11-30T11:05:00Z', 'page_view'],
  ]),
  { at: '2026-11-30T12:00:00Z', kind: 'page_view', visitor: null, device: 'mobile' },
  { at: '2026-11-30T12:10:00Z', kind: 'order_completed', visitor: null, device: null },
  { at: '2026-11-30T21:30:00Z', kind: 'page_view', visitor: 'vE_fixture_visitor_e', referrer: NEWS },
  ...steps('vE_fixture_visitor_e', {}, [
    ['2026-11-30T22:30:00Z', 'ticket_selected', T2],
    ['2026-11-30T22:31:00Z', 'hold_made', T2],
    ['2026-11-30T22:33:00Z', 'checkout_started'],
    ['2026-11-30T22:33:20Z', 'payment_started'],
    ['2026-11-30T22:34:20Z', 'order_completed'],
  ]),
  ...steps('vF_fixture_visitor_f', { referrer: NEWS }, [
    ['2026-12-01T06:00:00Z', 'page_view'],
    ['2026-12-01T06:00:30Z', 'seat_map_opened'],
    ['2026-12-01T06:01:30Z', 'ticket_selected', T1],
    ['2026-12-01T06:02:00Z', 'hold_made', T1],
    ['2026-12-01T06:03:00Z', 'checkout_started'],
    ['2026-12-01T06:03:30Z', 'payment_started'],
    ['2026-12-01T06:04:30Z', 'order_completed'],
  ]),
];

/** A visitor's rows; the referrer only on their first (as the storefront sends it with the landing page view). */
function steps(visitor: string, common: Partial<Row>, list: [string, string, string?][]): Row[] {
  return list.map(([at, kind, ticketTypeId], i) => ({ ...common, referrer: i === 0 ? (common.referrer ?? null) : null, at, kind, visitor, ticketTypeId: ticketTypeId ?? null }));
}
