/**
 * Made-up buyer journeys for `npm run bench:analytics`: deterministic (a seeded PRNG), shaped like a sale's traffic —
 * visitors land on an event page (sometimes more than once), some open the seat map, pick, hold, check out and pay,
 * each step a few seconds to two minutes after the last, with drop-off at every step, holds that lapse and payments
 * that fail; 5 % of visitors send Do-Not-Track (no visitor id, no referrer). Items are what the journey recorder
 * queues (JourneyItem), so the real consumer stores them.
 */
import type { JourneyItem } from '../../src/domains/analytics/schemas';

/** mulberry32: small, fast, good enough to make traffic. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type JourneyPlan = {
  organizationId: string;
  eventIds: readonly string[];
  ticketTypeIds: readonly string[];
  /** Journeys start within [from, from + days). */
  from: number;
  days: number;
  seed?: number;
  /** Id prefix unique to the run (a real server keeps earlier runs' rows). */
  tag: string;
};

const HOSTS = ['www.google.com', 'l.facebook.com', 't.co', 'news.example.org', 'mail.example.com', null, null] as const;
const DEVICES = ['mobile', 'mobile', 'mobile', 'desktop', 'desktop', 'tablet'] as const;

/** Yields journey items until `total` have been made (the last journey may be cut short). */
export function* journeys(plan: JourneyPlan, total: number): Generator<JourneyItem> {
  const rand = prng(plan.seed ?? 16);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  let made = 0;
  for (let v = 0; made < total; v++) {
    const dnt = rand() < 0.05;
    const eventId = pick(plan.eventIds);
    const ticketTypeId = pick(plan.ticketTypeIds);
    const common = {
      organizationId: plan.organizationId,
      eventId,
      channel: 'storefront' as const,
      referrerHost: dnt ? null : pick(HOSTS),
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      deviceClass: pick(DEVICES),
      locale: rand() < 0.3 ? 'af-ZA' : 'en-ZA',
      visitorId: dnt ? null : `v_${plan.tag}${v.toString(16).padStart(12, '0')}`,
      ipNetwork: dnt ? null : `198.51.${v % 256}.0/24`,
    };
    let at = plan.from + Math.floor(rand() * plan.days * 86_400_000);
    let n = 0;
    const step = (kind: JourneyItem['kind'], source: JourneyItem['source'], withType: boolean): JourneyItem => {
      at += 5_000 + Math.floor(rand() * 115_000);
      return { ...common, id: `bench-${plan.tag}-${v}-${n++}`, kind, source, occurredAt: at, ticketTypeId: withType ? ticketTypeId : null };
    };
    const path: JourneyItem[] = [];
    const views = rand() < 0.2 ? 2 : 1;
    for (let i = 0; i < views; i++) path.push(step('page_view', 'client', false));
    if (rand() < 0.6) {
      path.push(step('seat_map_opened', 'client', false));
      if (rand() < 0.7) {
        path.push(step('ticket_selected', 'client', true));
        if (rand() < 0.8) {
          path.push(step('hold_made', 'server', true));
          if (rand() < 0.15) path.push(step('hold_expired', 'server', true));
          else if (rand() < 0.85) {
            path.push(step('checkout_started', 'server', false));
            if (rand() < 0.95) {
              path.push(step('payment_started', 'server', false));
              const failed = rand() < 0.1;
              if (failed) path.push(step('payment_failed', 'server', false));
              if (!failed || rand() < 0.5) path.push(step('order_completed', 'server', false));
            }
          }
        }
      }
    }
    for (const item of path) {
      if (made >= total) return;
      made++;
      yield item;
    }
  }
}
