/**
 * The waiting room's loop without React or the network: join once (or reuse the kept ticket), poll status on the
 * schedule queue.ts sets, park while the tab is hidden, redeem the admission once, and say what to show. The calls,
 * the clock, the timers and the storage are passed in, so tests drive it with fakes (test/web/store/queue-runner.test.ts).
 */
import {
  admissionUsable,
  forgetTicket,
  isAdmitted,
  nextTicket,
  pollDelay,
  queueErrorAction,
  readTicket,
  saveAdmission,
  saveTicket,
  tabStorage,
  toStoredAdmission,
  type KeyValue,
  type QueueStatus,
  type StoredAdmission,
  type StoredTicket,
} from './queue';

export type QueueCalls = {
  join: () => Promise<{ ticket: string }>;
  status: (ticket: string) => Promise<QueueStatus>;
  admit: (ticket: string) => Promise<{ admission: string; expiresAt: string; maxSeats: number }>;
};

export type Trouble = 'retrying' | 'not_open' | 'stopped' | null;
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

export type QueueRunner = { start: () => void; stop: () => void; /** The tab became visible: poll now if parked. */ wake: () => void; /** Polls made (for tests). */ polls: () => number };

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
  let view: QueueView = { ticket: readTicket(eventId, store), status: null, trouble: null, error: null, admitted: false };
  const show = (patch: Partial<QueueView>) => {
    view = { ...view, ...patch };
    o.onView(view);
  };

  const schedule = (ms: number) => {
    if (stopped) return;
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

  async function step(): Promise<void> {
    if (stopped) return;
    if (isHidden()) {
      parked = true; // wake() picks it up when the tab shows again
      return;
    }
    try {
      const kept = await ensureTicket();
      if (stopped) return;
      polls += 1;
      const s = await calls.status(kept.ticket);
      if (stopped) return;
      const next = nextTicket(kept, s);
      if (next.ticket !== kept.ticket || next.firstAhead !== kept.firstAhead) saveTicket(eventId, next, store);
      failures = 0;
      show({ ticket: next, status: s, trouble: null, error: null });
      if (!isAdmitted(s)) return schedule(Math.max(1_000, pollDelay(s)));
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
    polls: () => polls,
  };
}
