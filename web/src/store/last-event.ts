/**
 * The event page this browser showed last (its id and name, never anything about the buyer), kept so the page of an
 * order link that no longer works can offer "Email me my order links" for that event's organizer (LostOrders.tsx):
 * the lookup needs an event, and a dead link names none. Kept in localStorage for 30 days; nothing leaves the browser.
 */
import { localStore } from './local-store';

const KEY = 'vge.lastEvent';
const KEEP_MS = 30 * 86_400_000;

export type LastEvent = { id: string; name: string };

export function rememberEvent(event: LastEvent, now = Date.now()) {
  try {
    localStore()?.setItem(KEY, JSON.stringify({ id: event.id, name: event.name, at: now }));
  } catch {
    /* storage full or refused: the order-not-found page then points to the event page instead */
  }
}

/** The event kept by rememberEvent, or null when there is none, it is stale, or storage is refused. */
export function lastEvent(now = Date.now()): LastEvent | null {
  try {
    const kept = JSON.parse(localStore()?.getItem(KEY) ?? 'null') as { id?: unknown; name?: unknown; at?: unknown } | null;
    if (!kept || typeof kept.id !== 'string' || typeof kept.name !== 'string' || typeof kept.at !== 'number') return null;
    if (now - kept.at > KEEP_MS || !/^evt_[0-9a-z]{1,64}$/i.test(kept.id)) return null;
    return { id: kept.id, name: kept.name };
  } catch {
    return null;
  }
}
