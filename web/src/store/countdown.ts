/** The hold countdown: mm:ss, and which announcement (if any) a screen reader should hear at this tick. */

export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export type Announcement = 'oneMinute' | 'expired' | null;

/**
 * Between two ticks, did we cross the one-minute mark or run out? Announced once each: a countdown read out every
 * second would drown everything else a screen reader says.
 */
export function announcementBetween(prevMs: number, nowMs: number): Announcement {
  if (prevMs > 0 && nowMs <= 0) return 'expired';
  if (prevMs > 60_000 && nowMs <= 60_000 && nowMs > 0) return 'oneMinute';
  return null;
}

/** Below this the countdown turns urgent (colour and weight). */
export const URGENT_MS = 60_000;
