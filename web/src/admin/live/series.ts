/**
 * Check-ins per minute for the dashboard chart. The channel sends the last 30 minutes as of its last change;
 * between changes the window has to keep moving, so the series is laid on a clock: minutes the server did
 * not mention count 0, the newest minute is "now", and the window keeps its length.
 */
export type MinuteCount = { minute: string; count: number };
export type Series = { /** Minute starts, unix seconds (what uPlot wants), oldest first. */ x: number[]; y: number[] };

export const WINDOW_MINUTES = 30;
const MINUTE = 60_000;

export function minuteStart(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

/** The `minutes` minutes ending with the one that holds `now`, with the counts the server gave (0 otherwise). */
export function perMinuteSeries(points: readonly MinuteCount[], now: number, minutes = WINDOW_MINUTES): Series {
  const byMinute = new Map<number, number>();
  for (const p of points) {
    const t = Date.parse(p.minute);
    if (Number.isNaN(t)) continue;
    const m = minuteStart(t);
    byMinute.set(m, (byMinute.get(m) ?? 0) + p.count);
  }
  const last = minuteStart(now);
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
