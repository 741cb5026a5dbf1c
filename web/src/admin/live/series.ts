/**
 * Check-ins per minute for the dashboard chart. The channel sends the last 30 minutes as of its last change
 * (oldest first, ending with the server's current minute); between changes the window has to keep moving, so
 * the series is laid on a clock: minutes the server did not mention count 0, and the window keeps its length.
 *
 * The window ends at the later of two minutes: the one that holds `now`, and the newest one the server sent.
 * A browser's idea of "now" can lag the counts it is showing — the screen's clock only ticks now and then
 * (and background tabs throttle timers), and a device clock may run behind the server's. Ending the window at
 * a stale `now` would cut off the very minute a check-in just landed in, so "last 5 minutes" would read 0
 * while "checked in" went up.
 */
export type MinuteCount = { minute: string; count: number };
export type Series = { /** Minute starts, unix seconds (what uPlot wants), oldest first. */ x: number[]; y: number[] };

export const WINDOW_MINUTES = 30;
const MINUTE = 60_000;

export function minuteStart(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

/** How long until the next minute starts: the chart's clock ticks then, so a new minute shows when it begins. */
export function msUntilNextMinute(now: number): number {
  return minuteStart(now) + MINUTE - now;
}

/** The `minutes` minutes ending with the later of the one that holds `now` and the newest the server sent. */
export function perMinuteSeries(points: readonly MinuteCount[], now: number, minutes = WINDOW_MINUTES): Series {
  const byMinute = new Map<number, number>();
  let newest = -Infinity;
  for (const p of points) {
    const t = Date.parse(p.minute);
    if (Number.isNaN(t)) continue;
    const m = minuteStart(t);
    byMinute.set(m, (byMinute.get(m) ?? 0) + p.count);
    if (m > newest) newest = m;
  }
  const last = Math.max(minuteStart(now), newest);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = minutes - 1; i >= 0; i--) {
    const m = last - i * MINUTE;
    x.push(m / 1000);
    y.push(byMinute.get(m) ?? 0);
  }
  return { x, y };
}

/** Check-ins over the last `n` minutes of a series (the "last 5 minutes" rate shown beside the chart). */
export function recentTotal(series: Series, n: number): number {
  return series.y.slice(-n).reduce((a, b) => a + b, 0);
}
