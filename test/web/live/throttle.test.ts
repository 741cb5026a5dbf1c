import { describe, expect, it } from 'vitest';
import { throttle } from '../../../web/src/admin/live/throttle';
import { fakeTimers } from '../ui/fake-timers';

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
