/**
 * The storefront's buyer-journey events (docs/analytics.md), the pure parts: whether this browser may be counted
 * with an identity at all (Do Not Track, Global Privacy Control), the first-party visitor id kept in localStorage
 * (random, never derived from anything about the buyer), the event's fields (referrer host only, UTM from the page's
 * query), and the batcher that sends them together — on a short timer, at 50, and when the page is hidden.
 * No third-party scripts: the events go to our own POST /api/v1/public/analytics. track.ts wires this to the browser.
 */

export const ANALYTICS_PATH = '/api/v1/public/analytics';
export const VISITOR_KEY = 'vge.visitorId';
/** The server's limit per batch. */
export const MAX_BATCH = 50;
/** Events of one moment travel together; a buyer leaving the page sends what is waiting at once. */
export const FLUSH_MS = 3000;

export type ClientKind = 'page_view' | 'seat_map_opened' | 'ticket_selected';

export type JourneyEvent = {
  id: string;
  kind: ClientKind;
  occurredAt: string;
  eventId: string;
  ticketTypeId?: string;
  referrer?: string;
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
  locale?: string;
  visitorId?: string;
};

type PrivacySignals = { doNotTrack?: string | null; globalPrivacyControl?: boolean };

/** `navigator.doNotTrack === '1'` or `navigator.globalPrivacyControl === true`: the storefront sends nothing at all. */
export function trackingAllowed(nav: PrivacySignals | undefined): boolean {
  if (!nav) return false;
  return nav.doNotTrack !== '1' && nav.globalPrivacyControl !== true;
}

const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** This browser's visitor id: kept in storage, made (random) on first use; null when storage is refused. */
export function visitorIdFrom(storage: Pick<Storage, 'getItem' | 'setItem'> | null, make: () => string = () => `v_${crypto.randomUUID().replace(/-/g, '')}`): string | null {
  if (!storage) return null;
  try {
    const kept = storage.getItem(VISITOR_KEY);
    if (kept && VISITOR_ID.test(kept)) return kept;
    const id = make();
    storage.setItem(VISITOR_KEY, id);
    return id;
  } catch {
    return null;
  }
}

/** The referrer's host when the buyer came from another site (never the URL: its path and query may name them). */
export function referrerHost(referrer: string, ownHost: string): string | undefined {
  if (!referrer) return undefined;
  try {
    const host = new URL(referrer).hostname;
    return host && host !== ownHost ? host : undefined;
  } catch {
    return undefined;
  }
}

/** utm_source, utm_medium, utm_campaign of the page's query, each cut to 100 characters. */
export function utmFrom(search: string): Pick<JourneyEvent, 'utmSource' | 'utmMedium' | 'utmCampaign'> {
  const q = new URLSearchParams(search);
  const out: Pick<JourneyEvent, 'utmSource' | 'utmMedium' | 'utmCampaign'> = {};
  const pick = (name: string) => q.get(name)?.trim().slice(0, 100) || undefined;
  const source = pick('utm_source');
  const medium = pick('utm_medium');
  const campaign = pick('utm_campaign');
  if (source) out.utmSource = source;
  if (medium) out.utmMedium = medium;
  if (campaign) out.utmCampaign = campaign;
  return out;
}

export type PageContext = { referrer: string; ownHost: string; search: string; locale?: string; visitorId: string | null };

/** One event, with what the page knows; no names, emails or order links ever go in. */
export function buildEvent(kind: ClientKind, eventId: string, page: PageContext, extra: { ticketTypeId?: string } = {}, now = new Date(), id: string = crypto.randomUUID()): JourneyEvent {
  const event: JourneyEvent = { id, kind, occurredAt: now.toISOString(), eventId, ...utmFrom(page.search) };
  const host = referrerHost(page.referrer, page.ownHost);
  if (host) event.referrer = host;
  if (page.locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/.test(page.locale)) event.locale = page.locale;
  if (page.visitorId) event.visitorId = page.visitorId;
  if (extra.ticketTypeId) event.ticketTypeId = extra.ticketTypeId;
  return event;
}

/** The body POST /public/analytics takes (as JSON, or as a beacon's text/plain). */
export function payload(events: JourneyEvent[]): string {
  return JSON.stringify({ events });
}

export type Timers = { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };

/**
 * Collects events and sends them in batches of at most MAX_BATCH: FLUSH_MS after the first one waiting, at once when
 * MAX_BATCH are waiting, and whenever flush() is called (the page being hidden or left).
 */
export function createBatcher(send: (body: string) => void, timers: Timers, flushMs = FLUSH_MS) {
  let queue: JourneyEvent[] = [];
  let timer: unknown = null;
  function flush() {
    if (timer !== null) timers.clear(timer);
    timer = null;
    while (queue.length) send(payload(queue.splice(0, MAX_BATCH)));
  }
  function add(event: JourneyEvent) {
    queue.push(event);
    if (queue.length >= MAX_BATCH) flush();
    else if (timer === null) timer = timers.set(flush, flushMs);
  }
  return { add, flush, pending: () => queue.length };
}
