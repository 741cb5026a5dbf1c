/** The buyer's hold requests, and remembering this tab's holds so a reload keeps the countdown. */
import { api, ApiError, call, idempotencyKey } from '../api/client';
import type { CreateHold, Hold } from './cart';
import { admissionHeaders } from './queue';

/**
 * Holds a selection. A network failure is retried once with the same Idempotency-Key, so it can't hold twice. While
 * the event's waiting room is on, the admission this tab keeps for the event rides along (queue.ts).
 */
export async function createHold(eventId: string, body: CreateHold): Promise<Hold> {
  const key = idempotencyKey();
  const send = () => call(api.POST('/api/v1/public/events/{eventId}/holds', { params: { path: { eventId } }, body, headers: { 'Idempotency-Key': key, ...admissionHeaders(eventId) } }));
  try {
    return await send();
  } catch (e) {
    if (e instanceof ApiError && e.status === 0) return send();
    throw e;
  }
}

export function releaseHold(eventId: string, holdId: string): Promise<Hold> {
  return call(api.DELETE('/api/v1/public/events/{eventId}/holds/{holdId}', { params: { path: { eventId, holdId } } }));
}

export function extendHold(eventId: string, holdId: string): Promise<Hold> {
  return call(api.POST('/api/v1/public/events/{eventId}/holds/{holdId}/extend', { params: { path: { eventId, holdId } } }));
}

export function getHold(eventId: string, holdId: string): Promise<Hold> {
  return call(api.GET('/api/v1/public/events/{eventId}/holds/{holdId}', { params: { path: { eventId, holdId } } }));
}

const key = (eventId: string) => `vge.holds.${eventId}`;

export function rememberHolds(eventId: string, holds: readonly Hold[]) {
  try {
    if (holds.length) sessionStorage.setItem(key(eventId), JSON.stringify(holds.map((h) => h.id)));
    else sessionStorage.removeItem(key(eventId));
  } catch {
    /* storage unavailable: a reload just starts over */
  }
}

/** The holds this tab made for the event that are still active (each re-read from the API). */
export async function restoreHolds(eventId: string): Promise<Hold[]> {
  let ids: unknown;
  try {
    ids = JSON.parse(sessionStorage.getItem(key(eventId)) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(ids) || !ids.length) return [];
  const found = await Promise.all(ids.filter((i): i is string => typeof i === 'string').map((id) => getHold(eventId, id).catch(() => null)));
  return found.filter((h): h is Hold => h !== null && h.status === 'active' && Date.parse(h.expiresAt) > Date.now());
}
