/**
 * A trailing throttle with an injectable clock: the settlement is reloaded at most once per `interval`, and a
 * request made while waiting is not lost — it runs once when the interval is over. Used for revenue refreshes
 * when sales and cancellations stream in.
 */
import { realTimers, type Timers } from '../../ui/live-channel';

export type { Timers };

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
