/**
 * The storefront's journey events in the browser (pure parts and rules: analytics.ts): page_view, seat_map_opened
 * and ticket_selected, batched and sent with navigator.sendBeacon (a text/plain JSON body the server accepts), flushed
 * on a short timer and when the page is hidden or left. Under Do Not Track or Global Privacy Control nothing is sent
 * and no visitor id is made (the server still counts its own steps, without identity). The visitor id also rides on
 * the storefront's API calls as the Visitor-Id header (installVisitorHeader), so server-side steps join the journey.
 */
import { localStore } from './local-store';
import { useEffect, useRef } from 'react';
import { api } from '../api/client';
import { ANALYTICS_PATH, buildEvent, createBatcher, trackingAllowed, visitorIdFrom, type ClientKind } from './analytics';

type PrivacyNavigator = Navigator & { globalPrivacyControl?: boolean };

function allowed(): boolean {
  return typeof navigator !== 'undefined' && typeof window !== 'undefined' && trackingAllowed(navigator as PrivacyNavigator);
}

let visitor: string | null | undefined;
function visitorId(): string | null {
  if (visitor === undefined) visitor = allowed() ? visitorIdFrom(localStore()) : null;
  return visitor;
}

function send(body: string) {
  try {
    if (navigator.sendBeacon?.(ANALYTICS_PATH, body)) return;
    void fetch(ANALYTICS_PATH, { method: 'POST', body, headers: { 'Content-Type': 'text/plain' }, keepalive: true, credentials: 'omit' }).catch(() => undefined);
  } catch {
    /* analytics never breaks the page */
  }
}

let batcher: ReturnType<typeof createBatcher> | null = null;
function getBatcher() {
  if (!batcher) {
    batcher = createBatcher(send, { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) });
    const flush = () => batcher?.flush();
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());
    window.addEventListener('pagehide', flush);
  }
  return batcher;
}

/** Records a journey step the page saw; nothing at all under DNT / GPC. Never throws. */
export function track(kind: ClientKind, eventId: string, extra: { ticketTypeId?: string } = {}) {
  try {
    if (!allowed()) return;
    const page = { referrer: document.referrer, ownHost: location.hostname, search: location.search, locale: navigator.language, visitorId: visitorId() };
    getBatcher().add(buildEvent(kind, eventId, page, extra));
  } catch {
    /* analytics never breaks the page */
  }
}

/** The storefront's API calls carry the visitor id (not under DNT / GPC: then there is none). */
export function installVisitorHeader() {
  api.use({
    onRequest({ request }) {
      const id = visitorId();
      if (id && new URL(request.url).pathname.startsWith('/api/v1/public/')) request.headers.set('Visitor-Id', id);
      return request;
    },
  });
}

/** A GA quantity raised is a ticket type chosen. */
export function trackQuantity(eventId: string, ticketTypeId: string, before: number, after: number) {
  if (after > before) track('ticket_selected', eventId, { ticketTypeId });
}

/** page_view once the event shows, seat_map_opened once its seat map does: once per event per page. */
export function useJourney(eventId: string, eventShown: boolean, mapShown: boolean) {
  const seen = useRef<Record<string, string>>({});
  useEffect(() => {
    if (eventShown && seen.current.page !== eventId) {
      seen.current.page = eventId;
      track('page_view', eventId);
    }
    if (mapShown && seen.current.map !== eventId) {
      seen.current.map = eventId;
      track('seat_map_opened', eventId);
    }
  }, [eventId, eventShown, mapShown]);
}
