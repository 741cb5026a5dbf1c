/**
 * The waiting room's loop without React or the network: join once (or reuse the kept ticket), poll status on the
 * schedule queue.ts sets, park while the tab is hidden, redeem the admission once, and say what to show. A live
 * `queue` message (`live`, from the event's live channel) acts at once: sold out, paused or closed shows now, and our
 * place reached redeems now; while the channel is open (`liveOpen`) polling slows to a fallback. The calls, the
 * clock, the timers and the storage are passed in, so tests drive it with fakes (test/web/store/queue-runner.test.ts).
 */
import {
  admissionUsable,
  forgetTicket,
  isAdmitted,
  nextTicket,
  SETTLED_POLL_MS,
  statusFromLive,
  pollDelay,
  queueErrorAction,
  readTicket,
  saveAdmission,
  saveTicket,
  tabStorage,
  toStoredAdmission,
  type KeyValue,
  type LiveQueueMessage,
  type QueueStatus,
  type StoredAdmission,
  type StoredTicket,
} from './queue';

export type QueueCalls = {
  join: () => Promise<{ ticket: string }>;
  status: (ticket: string) => Promise<QueueStatus>;
  admit: (ticket: string) => Promise<{ admission: string; expiresAt: string; maxSeats: number }>;
};

export type Trouble = 'retrying' | 'not_open' | 'closed' | 'stopped' | null;
export type QueueView = { ticket: StoredTicket | null; status: QueueStatus | null; trouble: Trouble; error: unknown; admitted: boolean };

export type RunnerOptions = {
  eventId: string;
  calls: QueueCalls;
  onView: (view: QueueView) => void;
  onAdmitted: (admission: StoredAdmission) => void;
  onNoRoom: () => void;
  store?: KeyValue | null;
  now?: () => number;
  isHidden?: () => boolean;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (id: unknown) => void;
};

export type QueueRunner = {
  start: () => void;
  stop: () => void;
  /** The tab became visible: poll now if parked. */
  wake: () => void;
  /** A `queue` message from the live channel. */
  live: (message: LiveQueueMessage) => void;
  /** The live channel opened (true) or was lost (false): polling is the fallback, or the way again. */
  liveOpen: (open: boolean) => void;
  /** Polls made (for tests). */
  polls: () => number;
};

/** One join in flight per event and storage: a remount (React's strict mode) must not join twice. */
const joining = new Map<string, Promise<StoredTicket>>();

export function createQueueRunner(o: RunnerOptions): QueueRunner {
  const store = o.store === undefined ? tabStorage() : o.store;
  const now = o.now ?? Date.now;
  const isHidden = o.isHidden ?? (() => typeof document !== 'undefined' && document.visibilityState === 'hidden');
  const setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = o.clearTimer ?? ((id) => clearTimeout(id as ReturnType<typeof setTimeout>));
  const { eventId, calls } = o;

  let stopped = true;
  let parked = false;
  let timer: unknown;
  let failures = 0;
  let rejoins = 0;
  let polls = 0;
  let liveOn = false;
  /** A step (poll or redemption) is under way: a live message must not start a second one. */
  let busy = false;
  let view: QueueView = { ticket: readTicket(eventId, store), status: null, trouble: null, error: null, admitted: false };
  const show = (patch: Partial<QueueView>) => {
    view = { ...view, ...patch };
    o.onView(view);
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimer(timer);
    timer = setTimer(() => void step(), ms);
  };

  const ensureTicket = (): Promise<StoredTicket> => {
    const kept = readTicket(eventId, store);
    if (kept) return Promise.resolve(kept);
    let pending = joining.get(eventId);
    if (!pending) {
      pending = calls
        .join()
        .then((joined) => {
          const fresh: StoredTicket = { ticket: joined.ticket, firstAhead: null };
          saveTicket(eventId, fresh, store);
          return fresh;
        })
        .finally(() => joining.delete(eventId));
      joining.set(eventId, pending);
    }
    return pending;
  };

  /** A poll (or, told live that our place is reached, straight to the redemption). */
  async function step(redeemNow = false): Promise<void> {
    if (stopped || busy) return;
    if (isHidden()) {
      parked = true; // wake() picks it up when the tab shows again
      return;
    }
    busy = true;
    try {
      await poll(redeemNow);
    } finally {
      busy = false;
    }
  }

  async function poll(redeemNow: boolean): Promise<void> {
    try {
      const kept = await ensureTicket();
      if (stopped) return;
      let next = kept;
      if (!redeemNow) {
        polls += 1;
        const s = await calls.status(kept.ticket);
        if (stopped) return;
        next = nextTicket(kept, s);
        if (next.ticket !== kept.ticket || next.firstAhead !== kept.firstAhead) saveTicket(eventId, next, store);
        failures = 0;
        show({ ticket: next, status: s, trouble: null, error: null });
        if (!isAdmitted(s)) return schedule(Math.max(1_000, pollDelay(s, 0, liveOn)));
      }
      const a = toStoredAdmission(await calls.admit(next.ticket));
      if (stopped) return;
      if (!admissionUsable(a, now())) {
        // This ticket's turn was used up earlier (the room answers its ended session): join again for a new one.
        forgetTicket(eventId, store);
        show({ ticket: null, status: null });
        return schedule(1_000);
      }
      saveAdmission(eventId, a, store);
      stopped = true;
      show({ admitted: true });
      o.onAdmitted(a);
    } catch (e) {
      if (stopped) return;
      const err = (typeof e === 'object' && e !== null ? e : {}) as { status?: number; code?: string };
      const action = queueErrorAction(err, ++failures, rejoins);
      switch (action.kind) {
        case 'no_room':
          forgetTicket(eventId, store);
          stopped = true;
          return o.onNoRoom();
        case 'rejoin':
          rejoins += 1;
          forgetTicket(eventId, store);
          show({ ticket: null, status: null });
          return schedule(action.delayMs);
        case 'stop':
          return show({ trouble: 'stopped', error: e });
        case 'not_open':
          show({ trouble: 'not_open' });
          return schedule(action.delayMs);
        case 'closed':
          show({ trouble: 'closed' });
          return schedule(action.delayMs);
        case 'retry':
          if (err.code !== 'not_admitted_yet') show({ trouble: 'retrying' });
          return schedule(action.delayMs);
      }
    }
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      parked = false;
      failures = 0;
      rejoins = 0;
      show({ trouble: null, error: null });
      void step();
    },
    stop() {
      stopped = true;
      clearTimer(timer);
    },
    wake() {
      if (stopped || !parked || isHidden()) return;
      parked = false;
      clearTimer(timer);
      void step();
    },
    live(m) {
      // Before the first poll answered there is no place to measure from: that poll brings it.
      if (stopped || !view.status) return;
      const s = statusFromLive(view.status, m);
      show({ status: s, trouble: null, error: null });
      if (isAdmitted(s)) {
        clearTimer(timer);
        return void step(true);
      }
      if (busy) return;
      // Sold out or closed: said now, checked again slowly. Otherwise the fallback poll moves to the new ETA's pace.
      if (s.state === 'sold_out' || s.state === 'closed') schedule(SETTLED_POLL_MS);
      else if (s.place !== null && !parked) schedule(Math.max(1_000, pollDelay(s, 0, liveOn)));
    },
    liveOpen(open) {
      liveOn = open;
    },
    polls: () => polls,
  };
}
