import { describe, expect, it } from 'vitest';
import { perMinuteSeries, recentTotal } from '../../../web/src/admin/live/series';

const at = (hhmm: string) => Date.parse(`2026-11-30T${hhmm}:00.000Z`);

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
});
