/**
 * Camera reads: a QR code stays in view for many frames, so the same code is taken once and then ignored for a
 * while (~2 s), frames are decoded at a bounded rate, and nothing is taken while a check is on screen.
 */

export const SAME_CODE_COOLDOWN_MS = 2_000;
export const MIN_FRAME_INTERVAL_MS = 120;

export class ReadFilter {
  private last: { code: string; at: number } | null = null;
  private lastFrameAt = -Infinity;

  constructor(private readonly opts: { cooldownMs?: number; frameIntervalMs?: number } = {}) {}

  /** Whether to decode this frame at all (throttle). */
  frameDue(now: number): boolean {
    if (now - this.lastFrameAt < (this.opts.frameIntervalMs ?? MIN_FRAME_INTERVAL_MS)) return false;
    this.lastFrameAt = now;
    return true;
  }

  /**
   * Whether a decoded code should be checked. The same code within the cooldown is ignored, and every sighting of it
   * extends the cooldown (a ticket held under the camera is one scan, however long it stays there).
   */
  accept(raw: string, now: number, busy = false): boolean {
    const code = raw.trim();
    if (!code) return false;
    const cooldown = this.opts.cooldownMs ?? SAME_CODE_COOLDOWN_MS;
    if (this.last && this.last.code === code && now - this.last.at < cooldown) {
      this.last.at = now;
      return false;
    }
    if (busy) return false;
    this.last = { code, at: now };
    return true;
  }

  /** Forget the last code (e.g. the operator pressed "Scan again"). */
  reset() {
    this.last = null;
  }
}
