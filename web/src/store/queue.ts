/**
 * The waiting room on the buyer's side, without React: what this tab keeps (the queue ticket and the admission, in
 * sessionStorage per event, so a reload keeps the place), how often to poll `queue/status` (from the ETA, never
 * faster than once a second), what an error means (retry, join again, no room), and the `Admission` header that
 * holds, quotes and checkouts of the event carry (docs/waiting-room.md).
 *
 * The public event says whether its room is on (`waitingRoom`); a 403 `admission_required` also sends a buyer here.
 * While queued, the page also follows the event's live channel (`?only=queue`): its `queue` message says at once
 * when the room sells out, pauses, closes or reaches our place; polling stays as the fallback.
 */

export type RoomState = 'prequeue' | 'open' | 'paused' | 'sold_out' | 'closed';
/**
 * `estimated`: a pre-queue drawn by lottery (or a late join spread over join shards), whose place is an estimate;
 * `lottery`: our draw number, which a live message's `lotteryThrough` compares with exactly; `joinedAt`: a late join's
 * time, whose key (joinedAt, lottery) a live message's `lateThrough` compares with exactly.
 */
export type QueueStatus = { place: number | null; admittedThrough: number; ahead: number | null; etaSeconds: number | null; state: RoomState; ticket?: string; estimated?: boolean; lottery?: number; joinedAt?: number };
/** The queue ticket and how many were ahead when we first learnt our place (for the progress bar). */
export type StoredTicket = { ticket: string; firstAhead: number | null };
export type StoredAdmission = { admission: string; expiresAt: number; maxSeats: number };

/** The bits of Storage used here (sessionStorage in the browser, a Map-backed fake in tests). */
export type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** sessionStorage when there is one and it works; null otherwise (private modes, Node): nothing is kept, the page still works. */
export function tabStorage(): KeyValue | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export const ticketKey = (eventId: string) => `vge.queue.${eventId}`;
export const admissionKey = (eventId: string) => `vge.admission.${eventId}`;

/** An admission this close to its end is treated as gone: a request sent now would arrive after it. */
export const ADMISSION_MARGIN_MS = 2_000;

function readJson(store: KeyValue | null, key: string): unknown {
  if (!store) return null;
  try {
    const raw = store.getItem(key);
    return raw === null ? null : JSON.parse(raw);
  } catch {
    return null;
  }
}

function write(store: KeyValue | null, key: string, value: unknown) {
  try {
    if (value === null) store?.removeItem(key);
    else store?.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or refused: a reload just joins again */
  }
}

export function readTicket(eventId: string, store: KeyValue | null = tabStorage()): StoredTicket | null {
  const v = readJson(store, ticketKey(eventId)) as Partial<StoredTicket> | null;
  if (!v || typeof v !== 'object' || typeof v.ticket !== 'string' || !v.ticket) return null;
  return { ticket: v.ticket, firstAhead: typeof v.firstAhead === 'number' ? v.firstAhead : null };
}

export function saveTicket(eventId: string, ticket: StoredTicket, store: KeyValue | null = tabStorage()) {
  write(store, ticketKey(eventId), ticket);
}

export function forgetTicket(eventId: string, store: KeyValue | null = tabStorage()) {
  write(store, ticketKey(eventId), null);
}

/** A poll's answer folded into the kept ticket: the new ticket after the pre-queue draw, and the first `ahead` seen. */
export function nextTicket(kept: StoredTicket, status: QueueStatus): StoredTicket {
  return {
    ticket: status.ticket ?? kept.ticket,
    firstAhead: kept.firstAhead ?? (status.ahead !== null && status.place !== null ? status.ahead : null),
  };
}

/** The admission the server gave (expiresAt as ISO), as kept. */
export function toStoredAdmission(a: { admission: string; expiresAt: string; maxSeats: number }): StoredAdmission {
  return { admission: a.admission, expiresAt: Date.parse(a.expiresAt), maxSeats: a.maxSeats };
}

export function admissionUsable(a: StoredAdmission | null, now: number): a is StoredAdmission {
  return a !== null && Number.isFinite(a.expiresAt) && a.expiresAt - ADMISSION_MARGIN_MS > now;
}

/** The kept admission while it is still usable; an expired one is dropped. */
export function readAdmission(eventId: string, now: number = Date.now(), store: KeyValue | null = tabStorage()): StoredAdmission | null {
  const v = readJson(store, admissionKey(eventId)) as Partial<StoredAdmission> | null;
  const a = v && typeof v === 'object' && typeof v.admission === 'string' && typeof v.expiresAt === 'number' && typeof v.maxSeats === 'number' ? (v as StoredAdmission) : null;
  if (admissionUsable(a, now)) return a;
  if (v !== null) write(store, admissionKey(eventId), null);
  return null;
}

export function saveAdmission(eventId: string, a: StoredAdmission, store: KeyValue | null = tabStorage()) {
  write(store, admissionKey(eventId), a);
}

/**
 * Drops the admission and the ticket it came from. The room answers a redeemed ticket with the same session even
 * after it ended, so a buyer whose admission is gone (expired or refused) must join again for a new one.
 */
export function forgetAdmission(eventId: string, store: KeyValue | null = tabStorage()) {
  write(store, admissionKey(eventId), null);
  write(store, ticketKey(eventId), null);
}

/** The header holds, quotes and checkouts of the event carry: the usable admission, or nothing. */
export function admissionHeaders(eventId: string, now: number = Date.now(), store: KeyValue | null = tabStorage()): Record<string, string> {
  const a = readAdmission(eventId, now, store);
  return a ? { Admission: a.admission } : {};
}

/** Does the room want this buyer in the queue (a hold, quote or checkout answered 403 `admission_required`)? */
export function isAdmissionRequired(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { status?: unknown }).status === 403 && (e as { code?: unknown }).code === 'admission_required';
}

/** The event page says its room is on: queue first unless this tab holds a usable admission. */
export function roomWantsQueue(roomOn: boolean, eventId: string, now: number = Date.now(), store: KeyValue | null = tabStorage()): boolean {
  return roomOn && readAdmission(eventId, now, store) === null;
}

/** Should the storefront start in the queue? When this tab already queues for the event and holds no usable admission. */
export function startsInQueue(eventId: string, now: number = Date.now(), store: KeyValue | null = tabStorage()): boolean {
  return readAdmission(eventId, now, store) === null && readTicket(eventId, store) !== null;
}

/** The waiting room's live message (src/shared/live-protocol.ts LiveQueue; pushed when its state or cursor changes). */
export type LiveQueueMessage = { type: 'queue'; state: RoomState; admittedThrough: number; ratePerMinute: number; updatedAt: string; lotteryThrough?: number | null; lateThrough?: { at: number; lottery: number } | null };

/** Our status from a live message, computed the way the server computes a poll's answer (place, ahead, ETA). */
export function statusFromLive(prev: Pick<QueueStatus, 'place' | 'estimated' | 'lottery' | 'joinedAt'>, m: LiveQueueMessage): QueueStatus {
  let place = prev.place;
  if (place === null) return { place, admittedThrough: m.admittedThrough, ahead: null, etaSeconds: null, state: m.state };
  // A lottery place is an estimate, but whether the cursor passed it is exact: keep the estimate on the right side.
  const late = prev.joinedAt !== undefined;
  const lottery = prev.estimated && prev.lottery !== undefined ? { estimated: true, lottery: prev.lottery, ...(late ? { joinedAt: prev.joinedAt } : {}) } : {};
  // A pre-queue ticket compares its lottery number with lotteryThrough; a late one spread over join shards its key
  // (joinedAt, lottery) with lateThrough.
  const through = late ? m.lateThrough : m.lotteryThrough;
  // A message that does not carry our kind of key can't say we are through: an estimate never admits on its own.
  if (prev.estimated && prev.lottery !== undefined) {
    const passed = through !== undefined && through !== null && (late ? keyAtOrBefore({ at: prev.joinedAt!, lottery: prev.lottery }, through as { at: number; lottery: number }) : prev.lottery <= (through as number));
    place = passed ? Math.min(place, m.admittedThrough) : Math.max(place, m.admittedThrough + 1);
  }
  const behind = place - m.admittedThrough;
  const etaSeconds = behind <= 0 ? 0 : m.ratePerMinute > 0 ? Math.ceil((behind / m.ratePerMinute) * 60) : null;
  return { place, admittedThrough: m.admittedThrough, ahead: Math.max(0, behind - 1), etaSeconds, state: m.state, ...lottery };
}

const keyAtOrBefore = (a: { at: number; lottery: number }, b: { at: number; lottery: number }) => a.at < b.at || (a.at === b.at && a.lottery <= b.lottery);

/** The cursor has passed our place: redeem the ticket now. */
export function isAdmitted(s: QueueStatus): boolean {
  return s.place !== null && s.place <= s.admittedThrough && (s.state === 'open' || s.state === 'paused');
}

export const MIN_POLL_MS = 1_000;
export const MAX_POLL_MS = 5_000;
/** Sold out or closed: nothing changes soon, but a freed seat or a reopened room should still show, slowly. */
export const SETTLED_POLL_MS = 30_000;
export const MAX_BACKOFF_MS = 30_000;
/** While the live channel is open, polling is only the fallback: at most every 15 s (sooner only without a place yet). */
export const LIVE_POLL_MS = 15_000;

/**
 * How long to wait before the next poll: sooner as our turn nears (1 s in the last 15 s, 2 s within a minute, 3 s
 * within five, else 5 s), 5 s while paused or in the pre-queue, 30 s once sold out or closed, 15 s while the live
 * channel is open (it brings the news); after failures, 2 s doubling up to 30 s. 0 means "admitted: redeem now".
 * Never below 1 s otherwise.
 */
export function pollDelay(status: QueueStatus | null, failures = 0, live = false): number {
  if (failures > 0) return Math.min(MAX_BACKOFF_MS, 2_000 * 2 ** (failures - 1));
  if (!status) return MIN_POLL_MS;
  if (status.state === 'sold_out' || status.state === 'closed') return SETTLED_POLL_MS;
  if (isAdmitted(status)) return 0;
  // The live channel says when the cursor reaches us or the room changes: poll only as a fallback.
  if (live && status.place !== null) return LIVE_POLL_MS;
  if (status.state !== 'open' || status.place === null || status.etaSeconds === null) return MAX_POLL_MS;
  const eta = status.etaSeconds;
  const ms = eta <= 15 ? 1_000 : eta <= 60 ? 2_000 : eta <= 300 ? 3_000 : MAX_POLL_MS;
  return Math.max(MIN_POLL_MS, ms);
}

/** The progress bar's fill, 0…1 (null while there is no place to measure from). */
export function progress(ticket: StoredTicket | null, status: QueueStatus | null): number | null {
  if (!status || status.place === null || status.ahead === null) return null;
  if (isAdmitted(status)) return 1;
  const first = ticket?.firstAhead ?? null;
  if (first === null || first <= 0) return status.ahead <= 0 ? 1 : 0;
  return Math.min(1, Math.max(0, 1 - status.ahead / first));
}

/** The wait in whole minutes to show, or null when unknown; under a minute is 0 ("less than a minute"). */
export function etaMinutes(etaSeconds: number | null): number | null {
  if (etaSeconds === null) return null;
  return etaSeconds < 60 ? 0 : Math.round(etaSeconds / 60);
}

export type QueueErrorAction =
  | { kind: 'retry'; delayMs: number } // network, 5xx, 429, not admitted yet: poll again later
  | { kind: 'rejoin'; delayMs: number } // the ticket is not valid (any more): join again
  | { kind: 'no_room' } // the event has no room (any more): buy directly
  | { kind: 'not_open'; delayMs: number } // the pre-queue is not open yet
  | { kind: 'closed'; delayMs: number } // the organizer closed the queue: say so, look again slowly
  | { kind: 'stop' }; // a refusal polling can't fix (Turnstile): the buyer retries by hand

/** What to do after a queue call failed (`status`/`code` of the problem; `failures` counts this one). */
export function queueErrorAction(e: { status?: number; code?: string } | null, failures: number, rejoins: number): QueueErrorAction {
  const code = e?.code;
  if (code === 'not_admitted_yet') return { kind: 'retry', delayMs: 2_000 };
  if (code === 'queue_not_active') return { kind: 'no_room' };
  if (code === 'queue_not_open') return { kind: 'not_open', delayMs: SETTLED_POLL_MS };
  if (code === 'queue_closed') return { kind: 'closed', delayMs: SETTLED_POLL_MS };
  // Our turn came and passed unredeemed (the tab slept past the room's redemption window): the place is gone, join again.
  if (code === 'invalid_queue_ticket' || code === 'invitation_expired' || e?.status === 401) return rejoins < 2 ? { kind: 'rejoin', delayMs: MIN_POLL_MS } : { kind: 'stop' };
  if (code === 'turnstile_failed' || e?.status === 404) return { kind: 'stop' };
  return { kind: 'retry', delayMs: pollDelay(null, Math.max(1, failures)) };
}

/**
 * The Turnstile token sent (on joining, and on holds without a room or a human pass) when no site key is configured
 * (human.ts; with one, the widget in Turnstile.tsx supplies real tokens). Cloudflare documents this dummy token as
 * what its test site keys produce, and the development adapter accepts any token under its always-pass test secret;
 * production's siteverify refuses it (403 `turnstile_failed`), so production sets TURNSTILE_SITE_KEY.
 */
export const DEV_TURNSTILE_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';
