import { describe, expect, it } from 'vitest';
import { throttle, type Timers } from '../../../web/src/admin/live/throttle';

function fakeTimers() {
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

describe('revenue refresh throttle', () => {
  it('runs at once, then at most once per interval, never dropping the last request', () => {
    const { timers, advance } = fakeTimers();
    let runs = 0;
    const t = throttle(() => runs++, 3_000, timers);
    t.request();
    expect(runs).toBe(1);
    t.request();
    t.request();
    advance(1_000);
    expect(runs).toBe(1);
    advance(2_000);
    expect(runs).toBe(2);
    advance(10_000);
    expect(runs).toBe(2);
  });

  it('cancel drops a waiting run (leaving the page)', () => {
    const { timers, advance } = fakeTimers();
    let runs = 0;
    const t = throttle(() => runs++, 3_000, timers);
    t.request();
    t.request();
    t.cancel();
    advance(5_000);
    expect(runs).toBe(1);
  });
});
