/** The buyer's hold requests, and remembering this tab's holds so a reload keeps the countdown. */
import { api, ApiError, call, idempotencyKey } from '../api/client';
import type { CreateHold, Hold } from './cart';
import { forgetHumanPass, humanHeaders, saveHumanPass, turnstileToken } from './human';
import { admissionHeaders } from './queue';

/**
 * Holds a selection. A network failure is retried once with the same Idempotency-Key, so it can't hold twice. While
 * the event's waiting room is on, the admission this tab keeps for the event rides along (queue.ts); without one,
 * the human pass an earlier hold answered (human.ts), else a Turnstile token, whose answer brings a pass to keep.
 */
export async function createHold(eventId: string, body: CreateHold): Promise<Hold> {
  const key = idempotencyKey();
  const admission = admissionHeaders(eventId);
  const human = humanHeaders(eventId);
  const token = admission.Admission || human['Human-Pass'] ? undefined : await turnstileToken();
  const send = (b: CreateHold, h: Record<string, string>) =>
    call(api.POST('/api/v1/public/events/{eventId}/holds', { params: { path: { eventId } }, body: b, headers: { 'Idempotency-Key': key, ...admission, ...h } }));
  const withToken = token ? { ...body, turnstileToken: token } : body;
  let held;
  try {
    held = await send(withToken, human);
  } catch (e) {
    if (e instanceof ApiError && e.status === 0) held = await send(withToken, human);
    else if (e instanceof ApiError && e.code === 'turnstile_failed' && human['Human-Pass']) {
      // The kept pass was refused (expired, or from another deployment): one widget check instead.
      forgetHumanPass(eventId);
      held = await send({ ...body, turnstileToken: await turnstileToken() }, {});
    } else throw e;
  }
  saveHumanPass(eventId, held);
  const { humanPass: _p, humanPassExpiresAt: _e, ...hold } = held;
  return hold;
}

export function releaseHold(eventId: string, holdId: string): Promise<Hold> {
  return call(api.DELETE('/api/v1/public/events/{eventId}/holds/{holdId}', { params: { path: { eventId, holdId } } }));
}

export function extendHold(eventId: string, holdId: string): Promise<Hold> {
  return call(api.POST('/api/v1/public/events/{eventId}/holds/{holdId}/extend', { params: { path: { eventId, holdId } }, headers: humanHeaders(eventId) }));
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
  // A waiting-list offer's claim page hands its hold over as `?hold=` (WaitingList.tsx).
  const handed = typeof location === 'undefined' ? [] : new URLSearchParams(location.search).getAll('hold');
  const all = [...new Set([...(Array.isArray(ids) ? ids : []), ...handed])];
  if (!all.length) return [];
  const found = await Promise.all(all.filter((i): i is string => typeof i === 'string').map((id) => getHold(eventId, id).catch(() => null)));
  return found.filter((h): h is Hold => h !== null && h.status === 'active' && Date.parse(h.expiresAt) > Date.now());
}
