/**
 * The storefront's analytics batch (POST /public/analytics, docs/analytics.md): each event's organization is its
 * ticketing event's, looked up server-side (the isolate's 2 s cache of public events, no write), and an event of no
 * published or on-sale event is dropped; identity is reduced by the privacy rules (privacy.ts) — referrer to its host,
 * the address to its network, all of it gone under DNT / GPC; the device class comes from the User-Agent. The
 * accepted events go to the analytics queue through the journey recorder; nothing here writes or waits on storage.
 */
import type { Database } from '../../db/client';
import { AppError } from '../../platform/errors';
import { publicEvent } from '../events/holds';
import { applyPrivacy, deviceClassOf, optedOut, referrerHostOf, truncateIp, utmValue } from './privacy';
import { recordJourney, type JourneyEnv, type WaitUntil } from './record-journey';
import { VISITOR_ID_HEADER } from './record-step';
import { VISITOR_ID, type AnalyticsEvent, type JourneyItem } from './schemas';

/** Statuses whose events are counted: a buyer can look at them and buy. */
const COUNTED = new Set(['published', 'on_sale']);
/** A client clock further off than this (or in the future by more than the skew) is replaced by the arrival time. */
const MAX_AGE_MS = 24 * 3_600_000;
const MAX_SKEW_MS = 5 * 60_000;

type Headers = { get(name: string): string | null };

/** The event's organization when it is published or on sale; null when unknown, a draft, or past selling. */
async function organizationOf(db: Database, eventId: string): Promise<string | null> {
  try {
    const event = await publicEvent(db, eventId);
    return COUNTED.has(event.status) ? event.organizationId : null;
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}

export function occurredAtOf(text: string, now: number): number {
  const at = Date.parse(text);
  return Number.isFinite(at) && at >= now - MAX_AGE_MS && at <= now + MAX_SKEW_MS ? Math.min(at, now) : now;
}

export async function ingestAnalytics(input: {
  db: Database;
  env: JourneyEnv;
  headers: Headers;
  waitUntil: WaitUntil | undefined;
  events: AnalyticsEvent[];
  now?: number;
}): Promise<{ accepted: number; dropped: number }> {
  const now = input.now ?? Date.now();
  const optOut = optedOut(input.headers);
  const deviceClass = deviceClassOf(input.headers.get('User-Agent'));
  const ipNetwork = truncateIp(input.headers.get('CF-Connecting-IP'));
  const headerVisitor = input.headers.get(VISITOR_ID_HEADER)?.trim();
  const organizations = new Map<string, Promise<string | null>>();
  for (const e of input.events) if (!organizations.has(e.eventId)) organizations.set(e.eventId, organizationOf(input.db, e.eventId));

  const items: JourneyItem[] = [];
  for (const e of input.events) {
    const organizationId = await organizations.get(e.eventId)!;
    if (!organizationId) continue;
    const visitor = e.visitorId ?? (headerVisitor && VISITOR_ID.test(headerVisitor) ? headerVisitor : undefined);
    const identity = applyPrivacy(
      {
        visitorId: visitor ?? null,
        ipNetwork,
        referrerHost: referrerHostOf(e.referrer),
        utmSource: utmValue(e.utmSource),
        utmMedium: utmValue(e.utmMedium),
        utmCampaign: utmValue(e.utmCampaign),
      },
      optOut,
    );
    items.push({
      id: e.id.toLowerCase(),
      organizationId,
      eventId: e.eventId,
      kind: e.kind,
      occurredAt: occurredAtOf(e.occurredAt, now),
      source: 'client',
      ticketTypeId: e.ticketTypeId ?? null,
      channel: e.channel ?? 'storefront',
      deviceClass,
      locale: e.locale ?? null,
      ...identity,
    });
  }
  recordJourney(input.env, input.waitUntil, items);
  return { accepted: items.length, dropped: input.events.length - items.length };
}
