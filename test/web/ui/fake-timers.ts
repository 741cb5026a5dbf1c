/** A clock and timer queue the live tests move by hand: `advance(ms)` runs, in order, every timer due by then. */
import type { Timers } from '../../../web/src/ui/live-channel';

export function fakeTimers() {
  let now = 0;
  let queue: { at: number; fn: () => void; id: number }[] = [];
  let id = 0;
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => (queue.push({ at: now + ms, fn, id: ++id }), id),
    clearTimeout: (h) => (queue = queue.filter((t) => t.id !== h)),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const next = queue.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      queue = queue.filter((t) => t !== next);
      now = next.at;
      next.fn();
    }
    now = end;
  };
  return { timers, advance };
}
