import { describe, expect, it } from 'vitest';
import { msUntilNextMinute, perMinuteSeries, recentTotal } from '../../../web/src/admin/live/series';
import { initialLiveState, liveReducer } from '../../../web/src/admin/live/state';
import { counts } from './fixtures';

const at = (hhmmss: string) => Date.parse(`2026-11-30T${hhmmss.length === 5 ? `${hhmmss}:00` : hhmmss}.000Z`);

/** What the inventory sends at `serverNow` (durable-objects/inventory/checkins.ts live()): 30 minutes, oldest first. */
function serverWindow(serverNow: number, checkIns: Record<string, number>) {
  const thisMinute = Math.floor(serverNow / 60_000) * 60_000;
  const out: { minute: string; count: number }[] = [];
  for (let m = thisMinute - 29 * 60_000; m <= thisMinute; m += 60_000) {
    const minute = new Date(m).toISOString();
    out.push({ minute, count: checkIns[minute] ?? 0 });
  }
  return out;
}

describe('check-ins per minute', () => {
  it('lays the server’s minutes on a 30-minute window ending now, filling gaps with 0', () => {
    const s = perMinuteSeries(
      [
        { minute: '2026-11-30T10:00:00.000Z', count: 3 },
        { minute: '2026-11-30T10:02:00.000Z', count: 1 },
      ],
      at('10:02') + 30_000,
      5,
    );
    expect(s.x).toEqual([at('09:58'), at('09:59'), at('10:00'), at('10:01'), at('10:02')].map((t) => t / 1000));
    expect(s.y).toEqual([0, 0, 3, 0, 1]);
  });

  it('keeps moving with the clock when no new counts arrive: old minutes slide out', () => {
    const points = [{ minute: '2026-11-30T10:00:00.000Z', count: 4 }];
    expect(recentTotal(perMinuteSeries(points, at('10:10')), 30)).toBe(4);
    expect(recentTotal(perMinuteSeries(points, at('10:31')), 30)).toBe(0);
  });

  it('sums the last minutes for the "last 5 minutes" figure', () => {
    const s = perMinuteSeries(
      [
        { minute: '2026-11-30T10:00:00.000Z', count: 7 },
        { minute: '2026-11-30T10:08:00.000Z', count: 2 },
        { minute: '2026-11-30T10:09:00.000Z', count: 1 },
      ],
      at('10:09'),
    );
    expect(recentTotal(s, 5)).toBe(3);
    expect(s.y).toHaveLength(30);
  });

  // The bug seen on the live dashboard: the page's clock last ticked at 11:07:51, a check-in at 11:08:01 came in
  // over the socket ("Checked in 1" went up) but the chart's window still ended at 11:07, so the new minute —
  // the only one with a check-in — fell off the end: "Last 5 minutes 0" and no bar.
  it('shows a check-in that arrives in a new minute before the screen’s clock has ticked over', () => {
    let state = liveReducer(initialLiveState, {
      type: 'message',
      at: at('11:07:51'),
      message: { type: 'snapshot', eventId: 'evt_1', version: 1, status: 'on_sale', seats: { held: [], sold: [], checked_in: [], blocked: [] }, counts: counts({ checkInsPerMinute: serverWindow(at('11:07:51'), {}) }) },
    });
    state = liveReducer(state, {
      type: 'message',
      at: at('11:08:01'),
      message: {
        type: 'delta',
        version: 2,
        reason: 'checked_in',
        seats: [],
        counts: counts({ checkedIn: 1, inside: 1, gates: { gat_main: 1 }, checkInsPerMinute: serverWindow(at('11:08:01'), { '2026-11-30T11:08:00.000Z': 1 }) }),
      },
    });
    const screenClock = at('11:07:51'); // set on mount; the next tick is 15 s away
    const s = perMinuteSeries(state.counts!.checkInsPerMinute, screenClock);
    expect(recentTotal(s, 5)).toBe(1);
    expect(s.y.at(-1)).toBe(1);
    expect(s.x.at(-1)).toBe(at('11:08') / 1000);
    expect(s.y).toHaveLength(30);
  });

  it('shows the newest minute even when the browser’s clock runs behind the server’s', () => {
    const points = serverWindow(at('11:08:10'), { '2026-11-30T11:08:00.000Z': 2, '2026-11-30T11:06:00.000Z': 1 });
    const s = perMinuteSeries(points, at('11:06:40')); // device clock 90 s slow
    expect(s.x.at(-1)).toBe(at('11:08') / 1000);
    expect(recentTotal(s, 5)).toBe(3);
  });

  it('still slides on with the clock after the last message (a server window from long ago empties out)', () => {
    const points = serverWindow(at('11:08:10'), { '2026-11-30T11:08:00.000Z': 2 });
    expect(recentTotal(perMinuteSeries(points, at('11:12:30')), 5)).toBe(2);
    expect(recentTotal(perMinuteSeries(points, at('11:13:00')), 5)).toBe(0);
    expect(perMinuteSeries(points, at('11:13:00')).x.at(-1)).toBe(at('11:13') / 1000);
  });

  it('ticks the clock when the next minute starts', () => {
    expect(msUntilNextMinute(at('11:07:51'))).toBe(9_000);
    expect(msUntilNextMinute(at('11:08'))).toBe(60_000);
  });
});
