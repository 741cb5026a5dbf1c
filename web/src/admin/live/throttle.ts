/**
 * A trailing throttle with an injectable clock: the settlement is reloaded at most once per `interval`, and a
 * request made while waiting is not lost — it runs once when the interval is over. Used for revenue refreshes
 * when sales and cancellations stream in.
 */
export type Timers = {
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
};

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function throttle(fn: () => void, interval: number, timers: Timers = realTimers) {
  let last = -Infinity;
  let pending: unknown = null;
  const run = () => {
    pending = null;
    last = timers.now();
    fn();
  };
  return {
    /** Ask for a run: now if the last one is old enough, else once at the end of the interval. */
    request() {
      if (pending !== null) return;
      const wait = last + interval - timers.now();
      if (wait <= 0) run();
      else pending = timers.setTimeout(run, wait);
    },
    cancel() {
      if (pending !== null) timers.clearTimeout(pending);
      pending = null;
    },
  };
}
